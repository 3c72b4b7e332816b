/**
 * Connection truth: while the hub is down the console says so, and when it is back the console
 * has its full state again (a resync over REST) without a page reload, including an alarm that
 * was pressed while the hub was down.
 */
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logInAsGuard, newConsolePage, publishEvent, queueRow, waitForHubIncident } from './console-browser';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let browser: Browser;
let page: Page;
let mqtt: MqttClient;
let token: string;

beforeAll(async () => {
  await hub.start();
  token = (await hub.login('guard')).accessToken;
  mqtt = await connectMqtt(hub.mqttUrl);
  browser = await launchChromium();
  page = await newConsolePage(browser);
  await logInAsGuard(page, hub);
});

afterAll(async () => {
  await browser?.close();
  await mqtt?.endAsync();
  await hub.dispose();
});

it('shows a banner while the hub is down and recovers its full state when it is back, without a reload', async () => {
  await publishEvent(mqtt, 'btn-b0-13', { type: 'alarm.pressed' });
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.13.*Open/).waitFor();
  await page.keyboard.press('a');
  await queueRow(page, /Spreekkamer B0\.13.*Bevestigd/).waitFor();
  await waitForHubIncident(hub, token, 'btn-b0-13', 'alarm.pressed', 'acknowledged');
  // Survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await hub.stop();
  const banner = page.getByRole('status').filter({ hasText: 'Geen verbinding met de hub — gegevens kunnen verouderd zijn' });
  await banner.waitFor();
  await page.getByText('Geen verbinding', { exact: true }).waitFor();
  // The console keeps showing what it knew.
  await queueRow(page, /Spreekkamer B0\.13.*Bevestigd/).waitFor();

  // A button is pressed while the hub is down: the broker keeps it for the hub's session.
  await publishEvent(mqtt, 'btn-b0-14', { type: 'alarm.pressed' });
  await hub.start();

  await banner.waitFor({ state: 'detached', timeout: 20_000 });
  await page.getByText('Verbonden', { exact: true }).waitFor();
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.14.*Open/).waitFor();
  await queueRow(page, /Spreekkamer B0\.13.*Bevestigd/).waitFor();
  await page.getByRole('img', { name: 'Spreekkamer B0.14: ALARM' }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // Live updates flow again after the resync.
  await publishEvent(mqtt, 'btn-b0-14', { type: 'alarm.pressed' });
  await queueRow(page, /Spreekkamer B0\.14.*2× gedrukt/).waitFor();
});
