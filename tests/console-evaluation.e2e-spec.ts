/**
 * The team lead's learning loop in the browser: register an incident that had no alarm, complete
 * its follow-up (police report, aftercare, lessons learned) and see it counted in the quarter's
 * evaluation; the register shows no names; opening the follow-up is audited. The security
 * coordinator chooses an organisation, a team lead cannot. axe finds no serious or critical
 * violations on the register, the follow-up or the evaluation, on a laptop screen.
 */
import type { AuditEntryDto, FollowUpDto } from '@wachtpost/contracts';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { LAPTOP, describeViolations, launchChromium, logInAs, newConsolePage, seriousViolations } from './console-browser';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

const hub = new TestHub();
let browser: Browser;
let admin: string;
let manager: string;
const DESCRIPTION = 'Klant dreigde aan de balie de klantmanager op te wachten na werktijd.';
const LESSON = 'Spreekkamer B0.12 alleen met de deur naar de gang open gebruiken.';

/** The Amsterdam calendar day of now, as the date inputs take it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

/** The cells of the row whose header is `name`, in a table named `table`. */
function rowOf(page: Page, table: string, name: string): Locator {
  return page.getByRole('table', { name: table, exact: true }).getByRole('row', { name: new RegExp(`^${name}\\b`) });
}

beforeAll(async () => {
  await hub.start();
  admin = (await hub.login('admin')).accessToken;
  manager = (await hub.login('manager')).accessToken;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub.dispose();
});

describe('a team lead of Gemeente Tiel', () => {
  let page: Page;
  let incidentId: string;
  beforeAll(async () => {
    page = await newConsolePage(browser, { viewport: LAPTOP });
    await logInAs(page, hub, 'manager');
  });
  afterAll(() => page?.context().close());

  it('registers an incident that had no alarm from the register', async () => {
    // A team lead lands on the register after login; let that navigation finish before acting.
    await page.waitForURL((url) => url.pathname === '/incidents');
    await page.getByRole('heading', { name: 'Incidenten & nazorg', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Incidenten & nazorg' }).click();
    await page.getByText('Geen incidenten met deze filters.').waitFor();
    await waitFor(async () => (await page.title()) === 'Incidenten & nazorg — Wachtpost', 5_000, 'the page title');
    // A team lead sees only their own organisation: no organisation filter.
    await expect(page.getByRole('combobox', { name: 'Organisatie' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Incident registreren' }).click();
    const form = page.getByRole('form', { name: 'Incident registreren' });
    await expect(form.getByRole('combobox', { name: 'Organisatie' }).inputValue()).resolves.toBe('gemeente-tiel');
    await form.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Bedreiging' });
    await form.getByRole('combobox', { name: 'Ruimte (optioneel)' }).selectOption({ label: 'Spreekkamer B0.12' });
    await form.getByLabel('Wat is er gebeurd?').fill(DESCRIPTION);
    await form.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await form.getByLabel('Naam medewerker 1').fill('Marieke Verbeek');
    await form.getByLabel('Functie of team medewerker 1').fill('klantmanager');
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    await form.getByRole('button', { name: 'Registreren' }).click();

    await page.getByRole('heading', { level: 1, name: 'Nazorg: Bedreiging — Spreekkamer B0.12, Begane grond' }).waitFor();
    incidentId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    expect(new URL(page.url()).pathname).toBe(`/incidents/${encodeURIComponent(incidentId)}/follow-up`);
  });

  it('is told that the follow-up is personal data and that opening it is logged, which it is', async () => {
    await page.getByRole('note').getByText(/persoonsgegevens \(AVG\).*auditlog/).waitFor();
    await expect(page.getByLabel('Naam medewerker 1').inputValue()).resolves.toBe('Marieke Verbeek');
    const viewed = await waitFor(async () => {
      const audit = (await hub.client(admin).get<AuditEntryDto[]>('/api/v1/audit')).body;
      return audit.find((a) => a.action === 'incident.follow_up.view' && a.actor === 'manager');
    }, 10_000, 'the view of the follow-up in the audit log');
    expect(viewed).toBeDefined();
  });

  it('completes the follow-up and saves it', async () => {
    // On reflection it was intimidation rather than a threat: the dashboard must follow the follow-up.
    await page.getByRole('combobox', { name: 'Categorie' }).selectOption({ label: 'Intimidatie' });
    await page.getByLabel('Beschrijving').fill(`${DESCRIPTION} Collega kwam erbij.`);
    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await page.getByLabel('Naam medewerker 2').fill('Linda Prins');
    await page.getByLabel('Functie of team medewerker 2').fill('baliemedewerker');
    await page.getByRole('radio', { name: 'Aangifte door de werkgever' }).check();
    await page.getByLabel('Aangiftenummer').fill('PL0900-2026-1234');
    await page.getByLabel('Datum aangifte').fill(today());
    await page.getByLabel('Nazorg voor de medewerker').selectOption({ label: 'Aangeboden' });
    await page.getByLabel('Aangeboden door').fill('Teamleider Publiekszaken');
    await page.getByLabel('Aangeboden op').fill(today());
    await page.getByLabel('Geleerde lessen').fill(LESSON);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Nazorg afgerond' });
    await page.getByText('Er zijn wijzigingen die nog niet zijn opgeslagen.').waitFor();
    expect(describeViolations(await seriousViolations(page))).toEqual([]);

    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').getByText('Opgeslagen.', { exact: true }).waitFor();
    await page.getByText(/Laatst gewijzigd door manager op/).waitFor();

    const saved = (await hub.client(manager).get<FollowUpDto>(`/api/v1/incidents/${incidentId}/follow-up`)).body;
    expect(saved).toMatchObject({
      source: 'manual',
      category: 'intimidation',
      organisationId: 'gemeente-tiel',
      roomId: 'B0.12',
      status: 'follow_up_done',
      lessonsLearned: LESSON,
      policeReport: { filedBy: 'employer', number: 'PL0900-2026-1234', filedOn: today() },
      aftercare: { offered: true, by: 'Teamleider Publiekszaken', on: today() },
      employees: [
        { name: 'Marieke Verbeek', role: 'klantmanager' },
        { name: 'Linda Prins', role: 'baliemedewerker' },
      ],
    });
  });

  it('shows the hub’s refusal next to the form', async () => {
    await page.getByLabel('Ordegesprek met de agressor gehouden').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('alert').filter({ hasText: 'De hub heeft de wijziging niet opgeslagen:' }).getByText(/^Ordegesprek/).first().waitFor();
    await page.getByLabel('Ordegesprek met de agressor gehouden').uncheck();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').getByText('Er is niets gewijzigd.', { exact: true }).waitFor();
  });

  it('sees it in the register, without names', async () => {
    await page.getByRole('link', { name: 'Terug naar het register' }).click();
    const row = page.getByRole('table', { name: 'Incidentregister' }).getByRole('row').filter({ hasText: 'Intimidatie' });
    await row.waitFor();
    await expect(row.getByRole('cell').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['Spreekkamer B0.12, Begane grond', 'Gemeente Tiel', 'Nazorg afgerond', '2']),
    );
    await expect(page.getByText('Marieke Verbeek').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Nazorg openen: Intimidatie — Spreekkamer B0.12, Begane grond' }).waitFor();
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
  });

  it('sees it counted in this quarter’s evaluation, for their own organisation only, and downloads the CSV', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Evaluatie' }).click();
    await page.getByRole('heading', { name: 'Evaluatie', level: 1 }).waitFor();
    await page.getByText('Organisatie: Gemeente Tiel').waitFor();
    await expect(page.getByRole('combobox', { name: 'Organisatie' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Dit kwartaal', pressed: true }).waitFor();

    // Counted as the follow-up says: intimidation, follow-up done; the category it was registered with is gone.
    await expect(rowOf(page, 'Per categorie', 'Intimidatie').getByRole('cell').first().innerText()).resolves.toBe('1');
    await expect(page.getByRole('table', { name: 'Per categorie' }).getByText('Bedreiging').count()).resolves.toBe(0);
    const followUp = page.getByRole('region', { name: 'Stand van de nazorg' });
    await expect(followUp.locator('dt', { hasText: /^Nazorg afgerond$/ }).locator('xpath=following-sibling::dd').innerText()).resolves.toBe('1');
    await expect(followUp.locator('dt', { hasText: /^Open$/ }).locator('xpath=following-sibling::dd').innerText()).resolves.toBe('0');
    await expect(page.locator('[data-figure="total"]').innerText()).resolves.toBe('1');
    await expect(rowOf(page, 'Per ruimte', 'Spreekkamer B0.12').getByRole('cell').first().innerText()).resolves.toBe('1');
    await expect(rowOf(page, 'Balie en spreekkamers of elders', 'Balie en spreekkamers').getByRole('cell').first().innerText()).resolves.toBe('1');
    await page.getByRole('region', { name: 'Stand van de nazorg' }).getByText('Geen nazorg over de termijn.').waitFor();
    await page.getByRole('heading', { name: 'Oefeningen' }).waitFor();
    expect(describeViolations(await seriousViolations(page))).toEqual([]);

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/evaluation/report.csv')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(new URL(response.url()).searchParams.get('organisation')).toBeNull();
    expect(download.suggestedFilename()).toMatch(/^evaluatie-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).not.toContain('Marieke Verbeek');
  });
});

describe('the security coordinator', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newConsolePage(browser, { viewport: LAPTOP });
    await logInAs(page, hub, 'coordinator');
    await page.waitForURL((url) => url.pathname === '/incidents');
  });
  afterAll(() => page?.context().close());

  it('chooses the organisation on the evaluation', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Evaluatie' }).click();
    const organisation = page.getByRole('combobox', { name: 'Organisatie' });
    await organisation.waitFor();
    await expect(organisation.inputValue()).resolves.toBe('');
    // Counted as the follow-up says: intimidation, follow-up done; the category it was registered with is gone.
    await expect(rowOf(page, 'Per categorie', 'Intimidatie').getByRole('cell').first().innerText()).resolves.toBe('1');
    await expect(page.getByRole('table', { name: 'Per categorie' }).getByText('Bedreiging').count()).resolves.toBe(0);
    const followUp = page.getByRole('region', { name: 'Stand van de nazorg' });
    await expect(followUp.locator('dt', { hasText: /^Nazorg afgerond$/ }).locator('xpath=following-sibling::dd').innerText()).resolves.toBe('1');
    await expect(followUp.locator('dt', { hasText: /^Open$/ }).locator('xpath=following-sibling::dd').innerText()).resolves.toBe('0');

    await organisation.selectOption({ label: 'UWV' });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/evaluation?')),
      page.getByRole('button', { name: 'Tonen' }).click(),
    ]);
    expect(new URL(response.url()).searchParams.get('organisation')).toBe('uwv');
    await waitFor(async () => (await page.locator('[data-figure="total"]').innerText()) === '0', 5_000, 'UWV’s total of 0');
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
  });

  it('filters the register by organisation', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Incidenten & nazorg' }).click();
    await page.getByRole('combobox', { name: 'Organisatie' }).selectOption({ label: 'Gemeente Tiel' });
    await page.getByRole('table', { name: 'Incidentregister' }).getByRole('row').filter({ hasText: 'Intimidatie' }).waitFor();
    await page.getByRole('combobox', { name: 'Organisatie' }).selectOption({ label: 'UWV' });
    await page.getByText('Geen incidenten met deze filters.').waitFor();
  });

  it('downloads the period report as PDF, and reads the dashboard in English', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Evaluatie' }).click();
    await page.getByRole('heading', { name: 'Evaluatie', level: 1 }).waitFor();
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/evaluation/report.pdf')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF-rapport' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(download.suggestedFilename()).toMatch(/^evaluatie-.*\.pdf$/);
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Evaluation', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'PDF report' }).waitFor();
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    await page.getByRole('button', { name: 'Nederlands' }).click();
  });
});
