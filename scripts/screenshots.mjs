#!/usr/bin/env node
/**
 * Regenerates the console screenshots in docs/screenshots/ (linked from the README).
 *
 * Starts the built hub through the tests' TestHub (a database of its own, dropped afterwards),
 * the device simulator for the whole sample site, makes a realistic moment (an alarm pressed
 * twice, a door held open and acknowledged, an alarm button offline, a low battery, doors opening
 * and closing), logs in as
 * the guard in Debian's Chromium at 1920×1080 and takes the pictures in Dutch and in English,
 * plus one at laptop size (1366×768). Needs `npm run build` first (`npm run screenshots` does it)
 * and the local Postgres, Redis and Mosquitto, like the end-to-end tests.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs/screenshots');
const require = createRequire(import.meta.url);

// tests/support is TypeScript: compile each file as it is required (its type-only imports vanish).
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

const { TestHub } = require('../tests/support/hub.ts');
const { DEMO_PASSWORD, waitFor } = require('../tests/support/env.ts');
const { Simulator, loadSiteFile } = require('@wachtpost/devices-sim');
const { chromium } = require('playwright-core');

const DESKTOP = { width: 1920, height: 1080 };
const LAPTOP = { width: 1366, height: 768 };

const hub = new TestHub();
let simulator;
let browser;

async function api(token, method, url, body) {
  const res = await fetch(`${hub.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function incidentOf(token, deviceId, type) {
  return waitFor(
    async () => {
      const list = await api(token, 'GET', '/api/v1/incidents?limit=500');
      return list.find((i) => i.deviceId === deviceId && i.type === type && i.status !== 'resolved');
    },
    10_000,
    `${type} of ${deviceId}`,
  );
}

async function shoot(page, name) {
  // Flashing is frozen on its first (brightest) frame, so every run looks the same.
  await page.screenshot({ path: path.join(outDir, `${name}.png`), animations: 'disabled' });
  console.log(`docs/screenshots/${name}.png`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  await hub.start();
  const token = (await hub.login('guard')).accessToken;

  // No random badge traffic: depending on the hour it would raise door alarms of its own, and
  // the pictures should not depend on the time of day.
  simulator = new Simulator({ mqttUrl: hub.mqttUrl, site: loadSiteFile(), accessRatePerSecond: 0 });
  await simulator.start();
  await waitFor(async () => (await api(token, 'GET', '/api/v1/devices')).every((d) => d.online), 15_000, 'every device online');

  // The moment: a door held open (acknowledged), a button offline, a low battery, then the alarm.
  await simulator.device('door-werkplein').holdDoor(95);
  const held = await incidentOf(token, 'door-werkplein', 'door.held');
  await api(token, 'POST', `/api/v1/incidents/${held.id}/acknowledge`);
  await simulator.device('btn-b0-10').goOffline('will');
  await incidentOf(token, 'btn-b0-10', 'device.offline');
  await simulator.device('btn-b0-14').batteryLow(12);
  await incidentOf(token, 'btn-b0-14', 'battery.low');
  for (const id of ['door-main', 'door-stair-1', 'door-main']) {
    await simulator.device(id).openDoor();
    await simulator.device(id).closeDoor();
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars'],
  });
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', reducedMotion: 'no-preference' });
  const page = await context.newPage();
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill('guard');
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();

  await simulator.press('btn-b0-12');
  const queue = page.getByRole('listbox', { name: 'Actieve meldingen' });
  await queue.getByRole('option', { name: /Alarmknop.*Spreekkamer B0\.12/ }).waitFor();
  await simulator.press('btn-b0-12');
  await queue.getByRole('option', { name: /Alarmknop.*B0\.12.*2× gedrukt/ }).waitFor();
  await page.getByRole('checkbox', { name: /Ga direct naar de ruimte/ }).check();
  await page.getByText('Instructie afgevinkt').waitFor();
  await page.getByRole('img', { name: 'Spreekkamer B0.12: ALARM' }).waitFor();
  await shoot(page, 'control-room.nl');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('listbox', { name: 'Active incidents' }).waitFor();
  await page.getByText('Instruction ticked off').waitFor();
  await shoot(page, 'control-room.en');

  await page.getByRole('button', { name: /^Alarmknop B0\.12: / }).click();
  await page.getByRole('dialog', { name: 'Alarmknop B0.12' }).getByRole('cell', { name: 'Alarm button pressed' }).first().waitFor();
  await shoot(page, 'device-details.en');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Devices', exact: true }).click();
  await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
  await shoot(page, 'devices.en');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await page.getByRole('heading', { name: 'Apparaten', level: 1 }).waitFor();
  await shoot(page, 'devices.nl');

  await page.getByRole('link', { name: 'Controlekamer' }).click();
  await page.setViewportSize(LAPTOP);
  await page.getByRole('img', { name: 'Spreekkamer B0.12: ALARM' }).waitFor();
  await shoot(page, 'control-room-laptop.nl');

  await evaluationShots();
}

/** A quarter of registered incidents (and some of the quarter before), then the coordinator's pages. */
async function evaluationShots() {
  const coordinator = (await hub.login('coordinator')).accessToken;
  const cases = [
    ['2026-10-02T09:40:00+02:00', 'verbal_aggression', 'gemeente-tiel', 'B0.01'],
    ['2026-10-06T10:15:00+02:00', 'threat', 'gemeente-tiel', 'B0.12'],
    ['2026-10-09T14:05:00+02:00', 'verbal_aggression', 'werkzaak', 'B0.21'],
    ['2026-10-14T11:30:00+02:00', 'intimidation', 'uwv', 'B1.06'],
    ['2026-10-20T09:10:00+02:00', 'verbal_aggression', 'gemeente-tiel', 'B0.01'],
    ['2026-10-27T15:45:00+01:00', 'threat', 'werkzaak', null],
    ['2026-11-03T10:20:00+01:00', 'physical_aggression', 'gemeente-tiel', 'B0.11'],
    ['2026-11-05T13:00:00+01:00', 'discrimination', 'uwv', 'B0.14'],
    ['2026-11-10T09:35:00+01:00', 'verbal_aggression', 'gemeente-tiel', 'B0.01'],
    ['2026-11-12T16:10:00+01:00', 'vandalism', 'gemeente-tiel', 'B0.03'],
    ['2026-11-17T11:05:00+01:00', 'bribery', 'werkzaak', 'B0.13'],
    ['2026-11-24T10:50:00+01:00', 'threat', 'gemeente-tiel', 'B0.10'],
    ['2026-08-11T10:00:00+02:00', 'verbal_aggression', 'gemeente-tiel', 'B0.01'],
    ['2026-09-08T14:00:00+02:00', 'threat', 'uwv', 'B1.06'],
  ];
  let first;
  for (const [occurredAt, category, organisationId, roomId] of cases) {
    const created = await api(coordinator, 'POST', '/api/v1/incidents', {
      occurredAt,
      category,
      organisationId,
      roomId,
      location: roomId ? '' : 'huisbezoek',
      description: 'Voorbeeldincident voor de schermafdrukken',
    });
    first ??= created.incidentId;
  }
  await api(coordinator, 'PATCH', `/api/v1/incidents/${first}/follow-up`, {
    employees: [{ name: 'A. de Vries', role: 'baliemedewerker' }],
    policeCalled: false,
    aftercare: { offered: true, by: 'teamleider', on: '2026-10-03' },
    measures: 'Tweede medewerker achter de balie op dinsdagochtend',
    lessonsLearned: 'Wachttijd aan de balie eerder melden',
    dueDate: '2026-10-16',
  });

  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill('coordinator');
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  await page.goto(`${hub.baseUrl}/evaluation`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await shoot(page, 'evaluation.nl');
  await page.goto(`${hub.baseUrl}/incidents`);
  await page.waitForLoadState('networkidle');
  await shoot(page, 'register.nl');
  await page.goto(`${hub.baseUrl}/incidents/${first}/follow-up`);
  await page.waitForLoadState('networkidle');
  await shoot(page, 'follow-up.nl');
}

try {
  await main();
} finally {
  await browser?.close();
  await simulator?.stop().catch(() => undefined);
  await hub.dispose();
}
