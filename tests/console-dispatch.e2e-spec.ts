/**
 * BHV dispatch in the browser: an alarm press shows its alert in the guard's console with every
 * recipient; the guard escalates from the console; a BHV member opens the signed SMS link on a
 * phone-sized screen, taps "Ik kom", and the console shows them coming and the quorum moving.
 * The responder page has no serious or critical axe violations.
 */
import type { AlertDetailDto, AlertDto, SiteFile } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logInAsGuard, newConsolePage, publishEvent, seriousViolations, type AxeViolation } from './console-browser';
import { DEMO_PASSWORD, repoRoot, waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';
import { startWebhookReceiver } from './support/peers';

const SECRET = 'console-dispatch-webhook-secret';
const PHONE = { width: 390, height: 844 };
const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-console-dispatch-'));

/**
 * The sample site with the alarm-button scenario in two distinct rounds: first aid in the app,
 * then the other BHV members in the app and by SMS — so "Nu opschalen" is what sends the SMS.
 * Long waits: no round starts by itself during the test.
 */
function siteFile(): string {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile;
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  const alarm = site.scenarios.find((s) => s.id === 'alarm-button')!;
  alarm.quorum = { bhv: 2, first_aid: 1 };
  alarm.rounds = [
    { target: 'all', functions: ['first_aid'], channels: ['inapp'], waitSeconds: 900 },
    { target: 'all', functions: ['bhv'], channels: ['inapp', 'sms'], waitSeconds: 900 },
  ];
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let hub: TestHub;
let browser: Browser;
let console_: Page;
let phone: Page;
let member: Page;
let memberName: string;
let mqtt: MqttClient;
let guard: string;
let alert: AlertDto;
let link: string;

beforeAll(async () => {
  webhook = await startWebhookReceiver(SECRET);
  hub = new TestHub({ env: { SITE_FILE: siteFile(), SMS_WEBHOOK_URL: webhook.url, SMS_WEBHOOK_SECRET: SECRET } });
  await hub.start();
  guard = (await hub.login('guard')).accessToken;
  mqtt = await connectMqtt(hub.mqttUrl);
  browser = await launchChromium();
  console_ = await newConsolePage(browser);
  await logInAsGuard(console_, hub);
});

afterAll(async () => {
  await browser?.close();
  await mqtt?.endAsync();
  await hub?.dispose();
  await webhook?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const detail = async (id: string) => (await hub.client(guard).get<AlertDetailDto>(`/api/v1/alerts/${id}`)).body;
const alertCard = (page: Page) => page.getByRole('article', { name: /Alarmknop/ });
const recipientRow = (page: Page, name: string) => alertCard(page).getByRole('row', { name: new RegExp(`^${name}\\b`) });
const describeViolations = (violations: AxeViolation[]) => violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

it('shows the alert of an alarm press in the control room with its quorum and every recipient', async () => {
  await publishEvent(mqtt, 'btn-b0-12', { type: 'alarm.pressed' });
  alert = await waitFor(async () => (await hub.client(guard).get<AlertDto[]>('/api/v1/alerts?status=active')).body[0], 10_000, 'the alert at the hub');
  const round1 = await waitFor(async () => {
    const a = await detail(alert.id);
    return a.recipients.length > 0 && a.recipients.every((r) => r.deliveries.every((d) => d.state !== 'queued')) && a;
  }, 10_000, 'round 1 sent');

  const card = alertCard(console_);
  await card.waitFor();
  await card.getByText('Ronde 1 van 2').waitFor();
  await card.getByText(/Volgende ronde over \d+:\d\d/).waitFor();
  await card.getByText(/BHV: 0 van 2/).waitFor();
  await card.getByText(/EHBO\/AED: 0 van 1/).waitFor();
  for (const r of round1.recipients) {
    const row = recipientRow(console_, r.displayName);
    await row.waitFor();
    await row.getByText('Nog geen antwoord').waitFor();
    await row.getByText('App: verstuurd').waitFor();
  }
});

it('escalates from the console: round 2 goes out by app and signed SMS', async () => {
  await alertCard(console_).getByRole('button', { name: 'Nu opschalen' }).click();
  await alertCard(console_).getByText('Ronde 2 van 2').waitFor();
  // bhv2 (BHV only, so alerted in round 2) gets the SMS whose link is used on the phone below.
  const sms = await waitFor(
    () => webhook.calls.find((c) => c.body.alertId === alert.id && c.body.kind === 'alert' && c.body.channel === 'sms' && c.body.to === '+31612345602'),
    10_000,
    'the SMS of round 2 to bhv2',
  );
  expect(sms.signatureValid).toBe(true);
  // The hub's PUBLIC_URL is not this test hub: keep the path and the signed token, use our origin.
  const given = new URL(sms.body.link);
  expect(given.pathname).toBe(`/respond/${alert.id}`);
  link = `${hub.baseUrl}${given.pathname}${given.search}`;
  await alertCard(console_).getByText('SMS: verstuurd').first().waitFor();
});

it('lands a BHV member who logs in on "Mijn alarmeringen", not the control room', async () => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  member = await context.newPage();
  // bhv4, also alerted in round 2, uses the app with a login instead of the link.
  const other = (await detail(alert.id)).recipients.find((r) => r.username === 'bhv4')!;
  expect(other.round).toBe(2);
  memberName = other.displayName;
  await member.goto(hub.baseUrl);
  await member.getByLabel('Gebruikersnaam').fill(other.username);
  await member.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await member.getByRole('button', { name: 'Inloggen' }).click();
  await member.getByRole('heading', { level: 1, name: 'Mijn alarmeringen' }).waitFor();
  expect(new URL(member.url()).pathname).toBe('/my-alerts');
  expect(await member.getByRole('listbox', { name: 'Actieve meldingen' }).count()).toBe(0);
  await member.getByText('Wordt live bijgewerkt').waitFor();
});

it('lets a BHV member answer "Ik kom" from the link on a phone, and the console shows it', async () => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  phone = await context.newPage();
  await phone.goto(link);

  await phone.getByRole('heading', { level: 1, name: /Alarmknop/ }).waitFor();
  await phone.getByText('Spreekkamer B0.12, Begane grond').waitFor();
  await phone.getByText(/minuut geleden|minuten geleden|zojuist/).waitFor();
  await phone.getByText('Mijn antwoord: Nog geen antwoord').waitFor();
  await phone.getByText('Wordt elke 5 seconden bijgewerkt').waitFor();
  // Nothing sticks out sideways on a phone.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);

  const me = (await hub.client(null).get<{ me: { displayName: string } }>(`/api/v1/alerts/${alert.id}/responder${new URL(link).search}`)).body.me.displayName;
  await phone.getByLabel('Aankomst over (minuten, optioneel)').fill('4');
  const coming = phone.getByRole('button', { name: 'Ik kom' });
  const box = (await coming.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(56);
  await coming.tap();
  await phone.getByText('Mijn antwoord: Komt (over 4 min)').waitFor();
  await phone.getByRole('button', { name: 'Ik kom', pressed: true }).waitFor();
  await phone.getByText(`${me} — Komt, over 4 min`).waitFor();

  // The guard sees them coming, and the BHV gauge move.
  const row = recipientRow(console_, me);
  await row.getByText('Komt').waitFor();
  await row.getByText('over 4 min').waitFor();
  await alertCard(console_).getByText(/BHV: 1 van 2/).waitFor();
  expect((await detail(alert.id)).recipients.find((r) => r.displayName === me)).toMatchObject({ answer: 'coming', etaMinutes: 4 });
});

it('lists the alert for the logged-in member, whose responder page is live and shows the room on the plan', async () => {
  // Any change to the alert reaches every recipient's page over the socket.
  const item = member.getByRole('link', { name: /Alarmknop/ });
  await item.waitFor();
  await item.click();
  await member.getByRole('heading', { level: 1, name: /Alarmknop/ }).waitFor();
  await member.getByText('Wordt live bijgewerkt').waitFor();
  await member.getByRole('img', { name: 'Plattegrond Begane grond met Spreekkamer B0.12' }).waitFor();
  await member.getByRole('button', { name: 'Ter plaatse' }).tap();
  await member.getByText('Mijn antwoord: Ter plaatse').waitFor();
  await recipientRow(console_, memberName).getByText('Ter plaatse').waitFor();
  // The phone with the link sees it too (polling).
  await phone.getByText(`${memberName} — Ter plaatse`).waitFor({ timeout: 10_000 });
  await alertCard(console_).getByText(/BHV: 2 van 2/).waitFor();
});

it('has no serious or critical axe violations on the responder page', async () => {
  expect(describeViolations(await seriousViolations(phone))).toEqual([]);
});

it('shows the all-clear from the console plainly on the phone', async () => {
  console_.once('dialog', (d) => void d.accept());
  await alertCard(console_).getByRole('button', { name: 'Alles veilig' }).click();
  await alertCard(console_).waitFor({ state: 'detached' });
  await phone.getByText(/Alles veilig\. De alarmering is beëindigd/).waitFor({ timeout: 10_000 });
  await member.getByText(/Alles veilig\. De alarmering is beëindigd/).waitFor();
  expect(await phone.getByRole('button', { name: 'Ik kom' }).isDisabled()).toBe(true);
});
