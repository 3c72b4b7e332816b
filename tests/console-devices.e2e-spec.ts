/**
 * Devices in the console: a button that stops its heartbeat shows as offline and as an alarm of
 * its own; a flood of technical alerts is resolved in one go; the activity ticker filters.
 * Heartbeats of 1 s and supervision every 250 ms, so this takes seconds.
 */
import type { IncidentDto } from '@wachtpost/contracts';
import { SimulatedDevice } from '@wachtpost/devices-sim';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { SITE, launchChromium, logInAsGuard, newConsolePage, publishEvent, queueRow, waitForHubIncident } from './console-browser';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const HEARTBEAT = 1;
const hub = new TestHub({ env: { DEVICE_HEARTBEAT_SECONDS: String(HEARTBEAT), SUPERVISION_INTERVAL_MS: '250' } });
let browser: Browser;
let page: Page;
let mqtt: MqttClient;
let token: string;
let button: SimulatedDevice;

beforeAll(async () => {
  await hub.start();
  token = (await hub.login('guard')).accessToken;
  mqtt = await connectMqtt(hub.mqttUrl);
  button = new SimulatedDevice({ mqttUrl: hub.mqttUrl, siteId: SITE, device: { id: 'btn-b0-11', kind: 'alarm-button' }, heartbeatSeconds: HEARTBEAT });
  browser = await launchChromium();
  page = await newConsolePage(browser);
  await logInAsGuard(page, hub);
});

afterAll(async () => {
  await browser?.close();
  await button?.stop().catch(() => undefined);
  await mqtt?.endAsync();
  await hub.dispose();
});

const health = () => page.getByRole('list', { name: 'Apparaatstatus' });

it('shows a button that stops its heartbeat as offline, and as an alarm of its own', async () => {
  await button.start();
  const marker = (state: string) => page.getByRole('button', { name: `Alarmknop B0.11: ${state}` });
  await marker('Rust').waitFor();
  expect(await health().getByRole('listitem').filter({ hasText: 'Alarmknop B0.11' }).count()).toBe(0);

  await button.goOffline('silent');
  await marker('Offline').waitFor();
  const item = health().getByRole('listitem').filter({ hasText: 'Alarmknop B0.11' });
  await item.getByText('Offline').waitFor();
  await item.getByText('kan geen hulp oproepen').waitFor();
  // The hub opened an offline alert; the console shows it as an alarm: its own row, its room marked.
  await queueRow(page, /Alarmknop offline.*Spreekkamer B0\.11.*Kan geen hulp oproepen/).waitFor();
  await page.getByRole('img', { name: 'Spreekkamer B0.11: KNOP OFFLINE' }).waitFor();

  // The device's details say it too.
  await item.getByRole('button', { name: 'Alarmknop B0.11' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alarmknop B0.11' });
  await dialog.getByText('Deze alarmknop is offline en kan geen hulp oproepen.').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
});

it('resolves a flood of technical alerts in one go, leaving the offline alarm button to be handled on its own', async () => {
  await publishEvent(mqtt, 'btn-b0-13', { type: 'battery.low', level: 9 });
  await publishEvent(mqtt, 'btn-b0-14', { type: 'battery.low', level: 11 });
  await publishEvent(mqtt, 'door-main', { type: 'tamper', state: 'open' });
  await publishEvent(mqtt, 'btn-b0-12', { type: 'alarm.pressed' });
  await queueRow(page, /Sabotage aan apparaat.*Centrale hal/).waitFor();
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.12/).waitFor();

  await page.getByRole('button', { name: 'Technische meldingen afhandelen (4)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Technische meldingen afhandelen' });
  const choices = dialog.getByRole('group', { name: 'Technische meldingen' });
  await choices.getByRole('checkbox', { name: /Batterij bijna leeg — Spreekkamer B0\.13/, checked: true }).waitFor();
  await choices.getByRole('checkbox', { name: /Batterij bijna leeg — Spreekkamer B0\.14/, checked: true }).waitFor();
  await choices.getByRole('checkbox', { name: /Sabotage aan apparaat — Centrale hal/, checked: true }).waitFor();
  await choices.getByRole('checkbox', { name: /Alarmknop offline — Spreekkamer B0\.11/, checked: false }).waitFor();
  expect(await dialog.getByRole('combobox', { name: 'Uitkomst' }).inputValue()).toBe('technical');
  await dialog.getByRole('textbox', { name: 'Toelichting' }).fill('Batterijen vervangen, behuizing gesloten.');
  await dialog.getByRole('button', { name: 'Gekozen meldingen afhandelen (3)' }).click();
  await dialog.getByRole('status').getByText('3 meldingen afgehandeld.').waitFor();
  await page.keyboard.press('Escape');

  for (const [deviceId, type] of [['btn-b0-13', 'battery.low'], ['btn-b0-14', 'battery.low'], ['door-main', 'device.tamper']] as const) {
    const resolved: IncidentDto = await waitForHubIncident(hub, token, deviceId, type, 'resolved');
    expect(resolved).toMatchObject({ outcome: 'technical', note: 'Batterijen vervangen, behuizing gesloten.', resolvedBy: 'guard' });
  }
  await queueRow(page, /Batterij bijna leeg/).first().waitFor({ state: 'detached' });
  await queueRow(page, /Sabotage/).waitFor({ state: 'detached' });
  await queueRow(page, /Alarmknop offline.*B0\.11/).waitFor();
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.12/).waitFor();
});

it('shows the button back online when its heartbeat returns', async () => {
  await button.goOnline();
  await page.getByRole('button', { name: 'Alarmknop B0.11: Rust' }).waitFor();
  await queueRow(page, /Alarmknop offline.*B0\.11/).waitFor({ state: 'detached' });
  await waitForHubIncident(hub, token, 'btn-b0-11', 'device.offline', 'resolved');
});

it('filters the activity ticker by category', async () => {
  await publishEvent(mqtt, 'door-staff', { type: 'door.opened' });
  await publishEvent(mqtt, 'door-werkplein', { type: 'access.granted', badge: 'B123456', direction: 'in' });
  const ticker = page.getByRole('list', { name: 'Recente activiteit' });
  const filter = page.getByRole('group', { name: 'Activiteit filteren' });
  await ticker.getByRole('listitem').filter({ hasText: 'Toegang verleend' }).filter({ hasText: 'Toegang werkplein' }).waitFor();
  await ticker.getByRole('listitem').filter({ hasText: 'Deur geopend' }).filter({ hasText: 'Personeelsingang' }).waitFor();

  await filter.getByRole('button', { name: 'Deuren' }).click();
  await ticker.getByRole('listitem').filter({ hasText: 'Toegang verleend' }).first().waitFor({ state: 'detached' });
  await ticker.getByRole('listitem').filter({ hasText: 'Deur geopend' }).waitFor();

  await filter.getByRole('button', { name: 'Toegang' }).click();
  await ticker.getByRole('listitem').filter({ hasText: 'Deur geopend' }).waitFor({ state: 'detached' });
  await ticker.getByRole('listitem').filter({ hasText: 'Toegang verleend' }).waitFor();

  // Device status changes have their own category.
  await filter.getByRole('button', { name: 'Apparaten' }).click();
  await ticker.getByRole('listitem').filter({ hasText: 'Apparaat offline' }).filter({ hasText: 'Alarmknop B0.11' }).waitFor();
  await ticker.getByRole('listitem').filter({ hasText: 'Apparaat weer online' }).filter({ hasText: 'Alarmknop B0.11' }).first().waitFor();
  expect(await ticker.getByRole('listitem').filter({ hasText: 'Toegang verleend' }).count()).toBe(0);
  await filter.getByRole('button', { name: 'Alles' }).click();
  await ticker.getByRole('listitem').filter({ hasText: 'Deur geopend' }).waitFor();
});
