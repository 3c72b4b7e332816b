/**
 * What the console's browser tests share: Debian's Chromium through playwright-core, logging in
 * as the guard, device messages over MQTT, the hub's view through REST, an audio probe and axe.
 */
import type { IncidentDto, IncidentStatus } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD, waitFor } from './support/env';
import type { TestHub } from './support/hub';

export const SITE = 'stadhuis-tiel';
export const DESKTOP = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1366, height: 768 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Headless Chromium lets any page make sound. This init script restores the autoplay rule of a
 * desktop browser (an AudioContext made or resumed without a user gesture stays suspended) and
 * records every tone the console starts, so tests can hear what the guard would hear.
 */
const AUDIO_PROBE = `(() => {
  const tones = [];
  Object.defineProperty(window, '__tones', { value: tones });
  const Real = window.AudioContext;
  if (!Real) return;
  const activated = () => navigator.userActivation.isActive;
  class PolicyAudioContext extends Real {
    constructor(...args) {
      super(...args);
      if (!activated()) void Real.prototype.suspend.call(this);
    }
    resume() {
      return activated() ? Real.prototype.resume.call(this) : Promise.resolve();
    }
  }
  window.AudioContext = PolicyAudioContext;
  const setValueAtTime = AudioParam.prototype.setValueAtTime;
  AudioParam.prototype.setValueAtTime = function (value, time) {
    this.__value = value;
    return setValueAtTime.call(this, value, time);
  };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    tones.push({ wave: this.type, hz: this.frequency.__value ?? this.frequency.value });
    return start.apply(this, args);
  };
})();`;

export interface Tone {
  wave: OscillatorType;
  hz: number;
}

export async function tones(page: Page): Promise<Tone[]> {
  return page.evaluate(() => (window as unknown as { __tones: Tone[] }).__tones.slice());
}

/** A new page in its own context (own storage), with the audio probe installed. */
export async function newConsolePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', ...options });
  await context.addInitScript(AUDIO_PROBE);
  return context.newPage();
}

/** Logs in as the guard with a real click on the Dutch login page and waits for the console. */
export async function logInAsGuard(page: Page, hub: TestHub): Promise<void> {
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill('guard');
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  await page.getByText('Verbonden', { exact: true }).waitFor();
}

export const queue = (page: Page): Locator => page.getByRole('listbox', { name: 'Actieve meldingen' });
export const queueRow = (page: Page, name: RegExp): Locator => queue(page).getByRole('option', { name });

let seq = 0;
/** Publishes one device event as the device would (QoS 1), with a fresh eventId. */
export async function publishEvent(mqtt: MqttClient, deviceId: string, body: Record<string, unknown>): Promise<void> {
  seq += 1;
  const eventId = `${Date.now().toString(36).padStart(8, '0')}c${String(seq).padStart(7, '0')}`;
  const payload = JSON.stringify({ eventId, ts: new Date().toISOString(), ...body });
  await mqtt.publishAsync(`wachtpost/v1/${SITE}/${deviceId}/event`, payload, { qos: 1 });
}

/** The hub's own view of a device's active (or resolved) incident of one type. */
export async function hubIncident(hub: TestHub, token: string, deviceId: string, type: string, status?: IncidentStatus): Promise<IncidentDto | undefined> {
  const list = await hub.client(token).get<IncidentDto[]>(`/api/v1/incidents?limit=500${status ? `&status=${status}` : ''}`);
  return list.body.find((i) => i.deviceId === deviceId && i.type === type && (status ? true : i.status !== 'resolved'));
}

export function waitForHubIncident(hub: TestHub, token: string, deviceId: string, type: string, status: IncidentStatus): Promise<IncidentDto> {
  return waitFor(() => hubIncident(hub, token, deviceId, type, status), 10_000, `${type} of ${deviceId} ${status} at the hub`);
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Logs in as any demo user with a real click on the Dutch login page and waits for the signed-in header. */
export async function logInAs(page: Page, hub: TestHub, username: string): Promise<void> {
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}

/** axe's serious and critical violations as one line each, for a readable failure. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
