/**
 * The guard handles alarms in the console (Debian's Chromium, the real hub, MQTT): an alarm shows
 * in the queue and on the plan, acknowledging and moving through the queue by keyboard, the
 * checklist into the timeline, a false alarm needs a comment, a device's details from the plan,
 * and Amsterdam times whatever the browser's own zone.
 */
import type { IncidentDetailDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { hubIncident, launchChromium, logInAsGuard, newConsolePage, publishEvent, queueRow, waitForHubIncident } from './console-browser';
import { waitFor } from './support/env';
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
  // A browser in New York with a 12-hour English locale: the console still speaks Dutch and
  // shows the building's clock (Europe/Amsterdam, 24-hour).
  page = await newConsolePage(browser, { locale: 'en-US', timezoneId: 'America/New_York' });
  await logInAsGuard(page, hub);
});

afterAll(async () => {
  await browser?.close();
  await mqtt?.endAsync();
  await hub.dispose();
});

const amsterdamClock = (iso: string) =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));

it('shows an alarm published over MQTT in the queue and on the plan, its floor in front and its room highlighted', async () => {
  // The plan starts on the ground floor; the alarm is upstairs.
  await page.getByRole('tab', { name: /Begane grond/, selected: true }).waitFor();
  await publishEvent(mqtt, 'btn-b1-06', { type: 'alarm.pressed' });

  const row = queueRow(page, /Alarmknop.*Spreekkamer B1\.06, Eerste verdieping.*Open.*1× gedrukt/);
  await row.waitFor();
  await page.getByRole('tab', { name: /Eerste verdieping.*1 alarm/, selected: true }).waitFor();
  const room = page.getByRole('img', { name: 'Spreekkamer B1.06: ALARM' });
  await room.waitFor();
  await page.getByRole('button', { name: 'Alarmknop B1.06: Alarm' }).waitFor();
  // The new alarm's row and its room flash.
  expect(await row.evaluate((el) => getComputedStyle(el).animationName)).toBe('alarm-flash');
  expect(await room.locator('rect').evaluate((el) => getComputedStyle(el).animationName)).toBe('room-flash');
  expect(await page.getByRole('img', { name: /^Spreekkamer B0\.12:/ }).count()).toBe(0);

  // A second alarm downstairs brings the ground floor to the front.
  await publishEvent(mqtt, 'btn-b0-12', { type: 'alarm.pressed' });
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.12, Begane grond.*Open/).waitFor();
  await page.getByRole('tab', { name: /Begane grond.*1 alarm/, selected: true }).waitFor();
  await page.getByRole('img', { name: 'Spreekkamer B0.12: ALARM' }).waitFor();

  // Dutch by default; the start time on the building's clock.
  const incident = await waitForHubIncident(hub, token, 'btn-b1-06', 'alarm.pressed', 'open');
  await row.click();
  await page.getByText(`Gestart om ${amsterdamClock(incident.openedAt)}`).waitFor();
});

it('acknowledges with the a key and moves through the queue with j and k', async () => {
  // Oldest first within the same priority: B1.06 is on top and selected.
  await queueRow(page, /Spreekkamer B1\.06/).and(page.locator('[aria-selected="true"]')).waitFor();
  await page.keyboard.press('a');
  await queueRow(page, /Spreekkamer B1\.06.*Bevestigd/).waitFor();
  const first = await waitForHubIncident(hub, token, 'btn-b1-06', 'alarm.pressed', 'acknowledged');
  expect(first.acknowledgedBy).toBe('guard');

  // The selected one is acknowledged now, so `a` takes the top open alarm.
  await page.keyboard.press('a');
  await queueRow(page, /Spreekkamer B0\.12.*Bevestigd/).waitFor();
  expect((await waitForHubIncident(hub, token, 'btn-b0-12', 'alarm.pressed', 'acknowledged')).acknowledgedBy).toBe('guard');
  await page.getByRole('img', { name: 'Spreekkamer B0.12: ALARM · Bevestigd' }).waitFor();

  const selected = () => page.getByRole('listbox', { name: 'Actieve meldingen' }).getByRole('option', { selected: true });
  // `a` selected what it acknowledged: B0.12, the last row (both acknowledged now, oldest first).
  expect(await selected().innerText()).toMatch(/B0\.12/);
  await page.keyboard.press('k');
  await waitFor(async () => /B1\.06/.test(await selected().innerText()), 5000, 'k to select the previous row');
  await page.keyboard.press('j');
  await waitFor(async () => /B0\.12/.test(await selected().innerText()), 5000, 'j to select the next row');
  await page.getByRole('heading', { level: 2, name: /Alarmknop — Spreekkamer B0\.12/ }).waitFor();

  // t: to the timeline; ?: the shortcuts, Escape closes them.
  await page.keyboard.press('t');
  await page.locator('#incident-timeline:focus').waitFor();
  await page.locator('#incident-timeline').getByText('Bevestigd door guard').waitFor();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Sneltoetsen' });
  await help.getByRole('cell', { name: 'Naar de tijdlijn van de geselecteerde melding' }).waitFor();
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
});

it('writes a ticked-off instruction and a log note (n) to the timeline', async () => {
  const step = page.getByRole('checkbox', { name: 'Ga direct naar de ruimte; neem de portofoon mee.' });
  await step.check();
  await page.locator('#incident-timeline').getByText('Instructie afgevinkt').waitFor();
  const incident = (await hubIncident(hub, token, 'btn-b0-12', 'alarm.pressed'))!;
  const detail = (await hub.client(token).get<IncidentDetailDto>(`/api/v1/incidents/${incident.id}`)).body;
  expect(detail.timeline.filter((e) => e.kind === 'note' && e.actor === 'guard').map((e) => e.data.text)).toEqual([
    '✓ Ga direct naar de ruimte; neem de portofoon mee.',
  ]);
  expect(await step.isChecked()).toBe(true);

  await page.keyboard.press('n');
  await page.getByRole('textbox', { name: 'Notitie voor het logboek' }).and(page.locator(':focus')).waitFor();
  await page.keyboard.type('Bezoeker is rustig vertrokken.');
  await page.getByRole('button', { name: 'Notitie toevoegen' }).click();
  await page.locator('#incident-timeline').getByText('Bezoeker is rustig vertrokken.').waitFor();
});

it('refuses to resolve a false alarm without a comment, and resolves it with one', async () => {
  await page.locator('body').focus();
  await page.keyboard.press('r');
  const outcome = page.getByRole('combobox', { name: 'Uitkomst' });
  await outcome.and(page.locator(':focus')).waitFor();
  await outcome.selectOption({ label: 'Vals alarm' });
  await page.getByRole('button', { name: 'Afhandelen', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Bij vals alarm is een toelichting verplicht.' }).waitFor();
  expect((await hubIncident(hub, token, 'btn-b0-12', 'alarm.pressed'))?.status).toBe('acknowledged');

  await page.getByRole('textbox', { name: 'Toelichting' }).fill('Per ongeluk ingedrukt bij het opruimen.');
  await page.getByRole('button', { name: 'Afhandelen', exact: true }).click();
  await queueRow(page, /Spreekkamer B0\.12/).waitFor({ state: 'detached' });
  const resolved = await waitForHubIncident(hub, token, 'btn-b0-12', 'alarm.pressed', 'resolved');
  expect(resolved).toMatchObject({ outcome: 'false_alarm', note: 'Per ongeluk ingedrukt bij het opruimen.', resolvedBy: 'guard' });
});

it('shows a device\'s details and recent events when it is clicked on the plan', async () => {
  await page.getByRole('tab', { name: /Begane grond/ }).click();
  await page.getByRole('button', { name: /^Alarmknop B0\.12: / }).click();
  const dialog = page.getByRole('dialog', { name: 'Alarmknop B0.12' });
  await dialog.getByText('Spreekkamer B0.12, Begane grond').waitFor();
  await dialog.getByRole('cell', { name: 'Alarmknop ingedrukt' }).waitFor();
  expect(await dialog.getByRole('row').count()).toBe(2); // header + the one press

  // A new event of the device shows up in the open dialog.
  await publishEvent(mqtt, 'btn-b0-12', { type: 'battery.low', level: 15 });
  await dialog.getByRole('cell', { name: 'Batterij bijna leeg' }).waitFor();
  await dialog.getByText('15%').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
});
