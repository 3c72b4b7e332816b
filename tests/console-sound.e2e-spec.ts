/**
 * What the guard hears. The browser's autoplay rule is emulated (headless Chromium has none) and
 * every tone the console plays is recorded, see console-browser.ts. The login click unlocks the
 * sound; alarms, doors and technical faults each have their own tone, repeated until
 * acknowledged; a silent alarm sounds on the console; muting shows, and a new alarm lifts it.
 */
import type { MqttClient } from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, logInAsGuard, newConsolePage, publishEvent, queueRow, tones, type Tone } from './console-browser';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let browser: Browser;
let page: Page;
let mqtt: MqttClient;

/** The tones the console's patterns are made of (see alarm-sound.ts). */
const isAlarmTone = (t: Tone) => t.wave === 'square' && (t.hz === 1050 || t.hz === 780);
const isDoorTone = (t: Tone) => t.wave === 'triangle' && t.hz === 660;
const isTechnicalTone = (t: Tone) => t.wave === 'sine' && t.hz === 440;
/** Longest gap between two plays of the same pattern is 6 s (technical); alarms repeat every 1.2 s. */
const ALARM_REPEAT_MS = 1200;

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

const soundState = (): Locator => page.getByRole('group', { name: 'Alarmgeluid' });

/** Waits until the console has played `count` more tones that match, after `from`. */
async function heard(from: number, match: (t: Tone) => boolean, what: string, count = 2): Promise<Tone[]> {
  return waitFor(async () => {
    const played = (await tones(page)).slice(from);
    return played.filter(match).length >= count && played;
  }, 5000, what);
}

/** Nothing is played for longer than the alarm pattern's repeat (a negative check needs a wait). */
async function staysQuiet(): Promise<void> {
  const before = (await tones(page)).length;
  await page.waitForTimeout(ALARM_REPEAT_MS + 400);
  expect((await tones(page)).length).toBe(before);
}

it('is switched on by the login click, and after a reload waits for a click', async () => {
  await logInAsGuard(page, hub);
  await soundState().getByText('Geluid aan').waitFor();

  await page.reload();
  await soundState().getByText('Geluid geblokkeerd door de browser').waitFor();
  // Any click unlocks it; the button is there to invite one (it is gone once the press lands).
  const box = (await soundState().getByRole('button', { name: 'Geluid inschakelen' }).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await soundState().getByText('Geluid aan').waitFor();
});

it('gives doors, technical faults and alarms each their own tone until acknowledged, silent alarms included', async () => {
  let mark = (await tones(page)).length;
  await publishEvent(mqtt, 'door-staff', { type: 'door.forced' });
  await queueRow(page, /Deur geforceerd.*Personeelsingang/).waitFor();
  await soundState().getByText('Deursignaal klinkt').waitFor();
  let played = await heard(mark, isDoorTone, 'the door tone');
  expect(played.every(isDoorTone)).toBe(true);
  await page.keyboard.press('a');
  await soundState().getByText('Geluid aan').waitFor();
  await staysQuiet();

  mark = (await tones(page)).length;
  await publishEvent(mqtt, 'btn-b0-13', { type: 'battery.low', level: 8 });
  await queueRow(page, /Batterij bijna leeg.*Spreekkamer B0\.13/).waitFor();
  await soundState().getByText('Storingssignaal klinkt').waitFor();
  played = await heard(mark, isTechnicalTone, 'the technical tone', 1);
  expect(played.every(isTechnicalTone)).toBe(true);
  await page.keyboard.press('a');
  await soundState().getByText('Geluid aan').waitFor();

  // Silent: the button gives no sign in the room, but the console sounds the alarm.
  mark = (await tones(page)).length;
  await publishEvent(mqtt, 'btn-b0-12', { type: 'alarm.pressed', silent: true });
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.12.*Stil alarm/).waitFor();
  await soundState().getByText('Alarmsignaal klinkt').waitFor();
  played = await heard(mark, isAlarmTone, 'the alarm tone, repeated', 8);
  expect(played.every(isAlarmTone)).toBe(true);
});

it('shows when the sound is muted, stays quiet, and lifts the mute for a new alarm', async () => {
  await page.keyboard.press('m');
  const indicator = page.getByRole('region', { name: 'Alarmwachtrij' }).getByText('Geluid gedempt');
  await indicator.waitFor();
  await soundState().getByText('Geluid gedempt').waitFor();
  await staysQuiet();

  const mark = (await tones(page)).length;
  await publishEvent(mqtt, 'btn-b0-14', { type: 'alarm.pressed' });
  await queueRow(page, /Alarmknop.*Spreekkamer B0\.14/).waitFor();
  await indicator.waitFor({ state: 'detached' });
  await heard(mark, isAlarmTone, 'the alarm tone again');

  // Acknowledging every open alarm silences the console.
  await page.keyboard.press('a');
  await queueRow(page, /Spreekkamer B0\.12.*Bevestigd/).waitFor();
  await page.keyboard.press('a');
  await queueRow(page, /Spreekkamer B0\.14.*Bevestigd/).waitFor();
  await soundState().getByText('Geluid aan').waitFor();
  await staysQuiet();
});
