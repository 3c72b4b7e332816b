/**
 * Access control in the browser: badge events over MQTT fill the access log; facilities land on
 * it after login, filter it by person (names only with a purpose) and export the same filter as
 * CSV, which the hub audits; facilities block a badge and see it per door; the guard starts an
 * evacuation roll call from the control room and ticks someone off. axe finds no serious or
 * critical violations on the access log or the roll call.
 */
import type { AccessLogPageDto, AuditEntryDto, BadgeDetailDto, EvacuationDto } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logInAsGuard, newConsolePage, seriousViolations, type AxeViolation } from './console-browser';
import { swipe } from './support/access';
import { DEMO_PASSWORD, waitFor } from './support/env';
import { TestHub } from './support/hub';
import { connectMqtt } from './support/mqtt';

const hub = new TestHub();
let browser: Browser;
let mqtt: MqttClient;
let admin: string;
const PURPOSE = 'Onderzoek gevonden tas bij hoofdingang';

const describeViolations = (violations: AxeViolation[]) => violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

beforeAll(async () => {
  await hub.start();
  admin = (await hub.login('admin')).accessToken;
  mqtt = await connectMqtt(hub.mqttUrl);
  // Marieke Verbeek and Samira El Amrani come in at the main entrance, Linda Prins at the staff door.
  await swipe(mqtt, 'door-main', { badge: 'P200101' });
  await swipe(mqtt, 'door-main', { badge: 'P200103' });
  await swipe(mqtt, 'door-staff', { badge: 'P200105' });
  await waitFor(async () => (await hub.client(admin).get<AccessLogPageDto>('/api/v1/access-log?limit=10')).body.entries.length >= 3, 10_000, 'three rows in the access log');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await mqtt?.endAsync();
  await hub.dispose();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(hub.baseUrl);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}

describe('facilities', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newConsolePage(browser);
    await logIn(page, 'facilities');
  });
  afterAll(() => page?.context().close());

  it('land on the access log, pseudonymised until they state a purpose', async () => {
    await page.getByRole('heading', { name: 'Toegangslog', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/access-log');
    await page.getByText('Namen zijn vervangen door pseudoniemen').waitFor();
    await expect(page.getByRole('cell', { name: 'Marieke Verbeek' }).count()).resolves.toBe(0);
    expect(await page.getByRole('row').count()).toBeGreaterThanOrEqual(4);
  });

  it('filter the log by person with a purpose, and export the same filter as CSV, audited', async () => {
    await page.getByLabel('Persoon (pasnummer of kaarthouder-id)').fill('P200101');
    await page.getByLabel('Doel').fill(PURPOSE);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('cell', { name: 'Marieke Verbeek' }).waitFor();
    await page.getByText('Namen zichtbaar voor het opgegeven doel.').waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await waitFor(async () => (await rows.count()) === 2, 5_000, 'one row (and the header)');
    await expect(rows.nth(1).getByText('Toegang verleend').count()).resolves.toBe(1);

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/access-log/export.csv')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporteren (CSV)' }).click(),
    ]);
    expect(response.status()).toBe(200);
    const url = new URL(response.url());
    expect(url.searchParams.get('badge')).toBe('P200101');
    expect(url.searchParams.get('purpose')).toBe(PURPOSE);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('Marieke Verbeek');
    expect(csv).toContain('P200101');
    expect(csv).not.toContain('P200103');
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(download.suggestedFilename()).toMatch(/^access-log-.*\.csv$/);

    const exported = await waitFor(async () => {
      const audit = (await hub.client(admin).get<AuditEntryDto[]>('/api/v1/audit')).body;
      return audit.find((a) => a.action === 'access_log.export' && a.actor === 'facilities');
    }, 10_000, 'the export in the audit log');
    expect(exported).toMatchObject({ purpose: PURPOSE, rowCount: 1 });
    expect(exported.filter).toMatchObject({ badge: 'P200101' });
  });

  it('has no serious or critical axe violations on the access log', async () => {
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
  });

  it('block a badge with a reason and see it per door', async () => {
    await page.getByRole('link', { name: 'Pasjes' }).click();
    await page.getByLabel('Pasnummer').fill('P200106');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    // The badge's details (not the cardholder list, which names Ahmet Yilmaz too), or the hub's refusal, said plainly.
    const lookup = page.locator('section[aria-labelledby="badge-lookup-title"]');
    await lookup.locator('.badge-detail, [role="alert"]').first().waitFor();
    const refusal = lookup.getByRole('alert');
    if (await refusal.count()) throw new Error(`looking up P200106 failed: ${await refusal.first().innerText()}`);
    await page.locator('.badge-detail').getByText('Ahmet Yilmaz').waitFor();
    await page.getByLabel('Reden').selectOption({ label: 'Verloren' });
    await page.getByRole('button', { name: 'Blokkeren' }).click();
    await page.getByText('Geblokkeerd: Verloren').waitFor();
    await page.getByRole('heading', { name: 'Bevestiging per deur' }).waitFor();
    await page.getByRole('cell', { name: 'Hoofdingang', exact: false }).first().waitFor();
    const hubBadge = (await hub.client(admin).get<BadgeDetailDto>('/api/v1/badges/P200106')).body;
    expect(hubBadge.badge).toMatchObject({ state: 'blocked', blockReason: 'lost' });
    await page.getByRole('button', { name: 'Blokkade opheffen' }).click();
    await page.getByRole('button', { name: 'Blokkeren' }).waitFor();
  });
});

describe('the guard', () => {
  let page: Page;
  let phone: Page;
  let evacuationId: string;
  beforeAll(async () => {
    page = await newConsolePage(browser);
    await logInAsGuard(page, hub);
    // A BHV member with "Mijn alarmeringen" open on a phone.
    phone = await newConsolePage(browser, { viewport: { width: 390, height: 844 } });
    await logIn(phone, 'bhv2');
    await phone.getByRole('heading', { name: 'Mijn alarmeringen' }).waitFor();
    await phone.getByText('Wordt live bijgewerkt').waitFor();
  });
  afterAll(async () => {
    await page?.context().close();
    await phone?.context().close();
  });

  it('starts a roll call from the control room and sees who is missing per organisation', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Ontruiming: appèl starten' }).click();
    await page.getByRole('heading', { name: 'Ontruiming: appèl', level: 1 }).waitFor();
    evacuationId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('Totaal 3 · vermist 3 · aanwezig gemeld 0 · vertrokken 0').waitFor();
    await page.getByRole('heading', { name: /Gemeente Tiel/ }).waitFor();
    await page.getByRole('link', { name: /Appèl loopt: 3 vermist/ }).waitFor();
  });

  it('ticks someone off, who moves to accounted for', async () => {
    const marieke = page.getByRole('listitem').filter({ hasText: 'Marieke Verbeek' });
    await marieke.getByText('Vermist').waitFor();
    await page.getByRole('button', { name: 'Aanwezig gemeld: Marieke Verbeek' }).click();
    await marieke.getByText(/door guard om/).waitFor();
    await expect(marieke.getByRole('button').count()).resolves.toBe(0);
    await page.getByText('Totaal 3 · vermist 2 · aanwezig gemeld 1 · vertrokken 0').waitFor();
    const ev = (await hub.client(admin).get<EvacuationDto>(`/api/v1/evacuations/${evacuationId}`)).body;
    const person = ev.organisations.flatMap((o) => o.people).find((p) => p.name === 'Marieke Verbeek');
    expect(person).toMatchObject({ status: 'accounted', accountedBy: 'guard' });
  });

  it('has no serious or critical axe violations on the roll call', async () => {
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
  });

  it('lets a BHV member tick someone off on a phone from "Mijn alarmeringen"', async () => {
    await phone.getByRole('link', { name: /Appèl loopt: 2 vermist/ }).click();
    await phone.getByRole('heading', { name: 'Ontruiming: appèl', level: 1 }).waitFor();
    await phone.getByRole('button', { name: 'Aanwezig gemeld: Samira El Amrani' }).click();
    await phone.getByRole('listitem').filter({ hasText: 'Samira El Amrani' }).getByText(/door bhv2 om/).waitFor();
    // The guard's console follows live.
    await page.getByText('Totaal 3 · vermist 1 · aanwezig gemeld 2 · vertrokken 0').waitFor();
    expect(describeViolations(await seriousViolations(phone))).toEqual([]);
  });

  it('closes the roll call', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Appèl sluiten' }).click();
    await page.getByText('Dit appèl is gesloten.').waitFor();
    await page.getByRole('button', { name: 'Ontruiming: appèl starten' }).waitFor();
    const ev = (await hub.client(admin).get<EvacuationDto>(`/api/v1/evacuations/${evacuationId}`)).body;
    expect(ev.status).toBe('closed');
  });
});
