/**
 * Accessibility and fit: axe-core finds no serious or critical violations on the console's pages
 * (login, control room with an active alarm, devices, quarantine); the control room fits a
 * 1920×1080 screen and a 1366×768 laptop without scrolling; English by choice, remembered.
 */
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, LAPTOP, launchChromium, logInAsGuard, newConsolePage, publishEvent, queueRow, seriousViolations, type AxeViolation } from './console-browser';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let browser: Browser;
let page: Page;
let mqtt: MqttClient;

beforeAll(async () => {
  await hub.start();
  mqtt = await connectMqtt(hub.mqttUrl);
  browser = await launchChromium();
  page = await newConsolePage(browser);
});

afterAll(async () => {
  await browser?.close();
  await mqtt?.endAsync();
  await hub.dispose();
});

/** One line per problem, so a failure says what and where. */
const describe = (violations: AxeViolation[]) => violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

it('has no serious or critical axe violations on the login page', async () => {
  await page.goto(hub.baseUrl);
  await page.getByRole('button', { name: 'Inloggen' }).waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);
});

it('has none in the control room with an active alarm', async () => {
  await logInAsGuard(page, hub);
  await publishEvent(mqtt, 'btn-b0-12', { type: 'alarm.pressed' });
  await publishEvent(mqtt, 'door-staff', { type: 'door.held', seconds: 90 });
  await publishEvent(mqtt, 'btn-b0-14', { type: 'battery.low', level: 10 });
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.12.*Open/).waitFor();
  await queueRow(page, /Deur te lang open/).waitFor();
  await queueRow(page, /Batterij bijna leeg/).waitFor();
  await page.getByRole('img', { name: 'Spreekkamer B0.12: ALARM' }).waitFor();
  await page.getByRole('button', { name: 'Bevestigen' }).waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);

  // And with its dialogs open: a device's details, and the bulk resolve form.
  await page.getByRole('button', { name: /^Alarmknop B0\.12: / }).click();
  await page.getByRole('dialog', { name: 'Alarmknop B0.12' }).getByRole('cell', { name: 'Alarmknop ingedrukt' }).waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /Technische meldingen afhandelen/ }).click();
  await page.getByRole('dialog', { name: 'Technische meldingen afhandelen' }).getByRole('checkbox').first().waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);
  await page.keyboard.press('Escape');
});

it('has none on the devices page and the quarantine page', async () => {
  await page.getByRole('link', { name: 'Apparaten', exact: true }).click();
  await page.getByRole('heading', { name: 'Apparaten', level: 1 }).waitFor();
  await page.getByRole('row', { name: /Alarmknop B0\.12/ }).waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);

  await page.getByRole('link', { name: 'Quarantaine', exact: true }).click();
  await page.getByRole('heading', { name: 'Quarantaine', level: 1 }).waitFor();
  await page.getByText(/Geen berichten in quarantaine|Ontvangen/).first().waitFor();
  expect(describe(await seriousViolations(page))).toEqual([]);
});

for (const size of [DESKTOP, LAPTOP]) {
  it(`fits the control room on a ${size.width}×${size.height} screen without scrolling`, async () => {
    await page.setViewportSize(size);
    await page.getByRole('link', { name: 'Controlekamer', exact: true }).click();
    await queueRow(page, /Spreekkamer B0\.12/).waitFor();
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    // What the guard needs at a glance is inside the screen.
    const inView = [
      page.getByRole('button', { name: 'Uitloggen' }),
      page.getByRole('group', { name: 'Alarmgeluid' }),
      queueRow(page, /Spreekkamer B0\.12/),
      page.getByRole('button', { name: 'Bevestigen' }),
      page.getByRole('group', { name: 'Plattegrond Begane grond' }),
      page.getByRole('heading', { name: 'Apparaatstatus' }),
      page.getByRole('heading', { name: 'Activiteit' }),
    ];
    for (const locator of inView) {
      const box = (await locator.boundingBox())!;
      expect(box).not.toBeNull();
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
    }
    // The floor plan is big enough to read.
    const plan = (await page.getByRole('group', { name: 'Plattegrond Begane grond' }).boundingBox())!;
    expect(plan.width).toBeGreaterThan(380);
  });
}

it('speaks English by choice and remembers it', async () => {
  await page.setViewportSize(DESKTOP);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('listbox', { name: 'Active incidents' }).getByRole('option', { name: /Alarm button.*Spreekkamer B0\.12/ }).waitFor();
  await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await page.reload();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
});
