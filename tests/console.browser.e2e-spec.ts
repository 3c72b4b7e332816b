/**
 * The guard in a real browser (Debian's Chromium through playwright-core): log in, a button
 * is pressed over MQTT, the alarm appears with its room, and the guard acknowledges it with
 * its button; the button's LED command follows.
 */
import type { IncidentDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { collect, connectMqtt } from './support/mqtt';

const hub = new TestHub();
let browser: Browser;
let page: Page;
let device: MqttClient;

beforeAll(async () => {
  await hub.start();
  device = await connectMqtt(hub.mqttUrl);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync', '--disable-component-update'],
  });
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
});

afterAll(async () => {
  await browser?.close();
  await device?.endAsync();
  await hub.dispose();
});

it('lets the guard log in, see a pressed alarm with its room, and acknowledge it with its button', async () => {
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill('guard');
  await page.getByLabel('Wachtwoord').fill('wachtpost-demo');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor({ timeout: 10_000 });

  const commands = await collect(hub.mqttUrl, 'wachtpost/v1/stadhuis-tiel/btn-b0-12/cmd');
  try {
    await device.publishAsync(
      'wachtpost/v1/stadhuis-tiel/btn-b0-12/event',
      JSON.stringify({ eventId: `browser-${Date.now()}`, ts: new Date().toISOString(), type: 'alarm.pressed' }),
      { qos: 1 },
    );
    const row = page.getByRole('listbox', { name: 'Actieve meldingen' }).getByRole('option', { name: /Alarmknop.*Spreekkamer B0\.12/ });
    await row.waitFor({ timeout: 5000 });
    await row.click();
    await page.getByRole('heading', { name: /Alarmknop — Spreekkamer B0\.12/ }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Bevestigen' }).click();

    const token = (await hub.login('guard')).accessToken;
    const incident = await waitFor(async () => {
      const list = await hub.client(token).get<IncidentDto[]>('/api/v1/incidents?status=acknowledged');
      return list.body.find((i) => i.deviceId === 'btn-b0-12');
    }, 5000, 'the incident acknowledged through the console');
    expect(incident.acknowledgedBy).toBe('guard');
    await waitFor(() => commands.messages.some((m) => JSON.parse(m.payload).type === 'alarm.acknowledged'), 5000, 'alarm.acknowledged to the button');
    await page.getByRole('button', { name: 'Bevestigen' }).waitFor({ state: 'detached', timeout: 5000 });
  } finally {
    await commands.close();
  }
});
