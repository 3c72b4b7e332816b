/**
 * Cardholders and badges: the sample site's register, and the HR import that is all or nothing
 * with a line-by-line report of what it refused.
 */
import type { CardholderDto, CardholderImportReport, ImportRejection } from '@wachtpost/contracts';
import { SITE, uploadCsv } from './support/access';
import { TestHub } from './support/hub';

const hub = new TestHub();
let facilities: string;
const HEADER = 'external_id,name,kind,organisation,bhv,username,badges,valid_until';

beforeAll(async () => {
  await hub.start();
  facilities = (await hub.login('facilities')).accessToken;
});
afterAll(() => hub.dispose());

const list = async (query = '') => (await hub.client(facilities).get<CardholderDto[]>(`/api/v1/cardholders${query}`)).body;

describe('the register', () => {
  it('lists the sample site: staff of the three organisations, visitors and contractors, BHV linked to their users', async () => {
    const all = await list(`?siteId=${SITE}`);
    expect(all.length).toBeGreaterThanOrEqual(50);
    const groups = new Set(all.map((c) => c.organisation));
    expect([...groups].sort()).toEqual(['contractor', 'gemeente-tiel', 'uwv', 'visitor', 'werkzaak']);
    const bhv = all.filter((c) => c.username?.startsWith('bhv')).map((c) => c.username).sort();
    expect(bhv).toEqual(['bhv1', 'bhv2', 'bhv3', 'bhv4', 'bhv5', 'bhv6', 'bhv7', 'bhv8']);
    expect(all.find((c) => c.username === 'bhv8')!.bhv).toContain('head_bhv');
    expect(all.some((c) => c.badges.length > 1)).toBe(true);
    // A visitor whose badge ran out in 2025 shows as expired
    expect(all.flatMap((c) => c.badges).find((b) => b.number === 'V900002')).toMatchObject({ state: 'expired', validUntil: '2025-06-30' });
  });

  it('filters by organisation and name', async () => {
    const uwv = await list('?organisation=uwv');
    expect(uwv.length).toBeGreaterThan(5);
    expect(uwv.every((c) => c.organisation === 'uwv')).toBe(true);
    const found = await list('?q=yilmaz');
    expect(found.map((c) => c.username)).toEqual(['bhv6']);
  });

  it('is for facilities and admin only', async () => {
    expect((await hub.client((await hub.login('guard')).accessToken).get('/api/v1/cardholders')).status).toBe(403);
    expect((await hub.client((await hub.login('admin')).accessToken).get('/api/v1/cardholders')).status).toBe(200);
  });
});

describe('CSV import from the HR system', () => {
  it('imports a clean file: new people, an update of an existing one, and their badges', async () => {
    const csv = [
      HEADER,
      'HR5001,Piet Pieters,staff,uwv,,,Q5001|Q5002,',
      '"HR5002","Klaassen, Annemiek",staff,werkzaak,bhv|first_aid,,Q5003,2030-12-31',
      'HR101,Marieke Verbeek-de Jong,staff,gemeente-tiel,bhv|first_aid,bhv1,P200101,', // renamed
    ].join('\r\n');
    const res = await uploadCsv(hub, facilities, csv);
    expect(res.status).toBe(200);
    expect(res.body as unknown as CardholderImportReport).toMatchObject({ ok: true, created: 2, updated: 1, badgesAdded: 3, rejected: [] });
    const annemiek = (await list('?q=Annemiek'))[0]!;
    expect(annemiek).toMatchObject({ externalId: 'HR5002', organisation: 'werkzaak', bhv: ['bhv', 'first_aid'] });
    expect(annemiek.badges).toEqual([expect.objectContaining({ number: 'Q5003', state: 'active', validUntil: '2030-12-31' })]);
    expect((await list('?q=Verbeek-de Jong')).map((c) => c.username)).toEqual(['bhv1']);
  });

  it('refuses a file with bad rows entirely and says per line what is wrong', async () => {
    const before = await list();
    const csv = [
      HEADER,
      'HR6001,Goed Mens,staff,uwv,,,Q6001,', // fine, but must not be imported
      'HR6002,Dubbel,staff,uwv,,,Q6001,', // duplicate badge in the file
      'HR6003,Bezet,staff,uwv,,,P200102,', // badge of somebody else (bhv2's)
      'HR6004,Onbekend,staff,rijkswaterstaat,,,Q6004,',
    ].join('\n');
    const res = await uploadCsv(hub, facilities, csv);
    expect(res.status).toBe(400);
    const report = res.body.report as CardholderImportReport;
    expect(report.ok).toBe(false);
    expect(report.rejected).toEqual<ImportRejection[]>([
      { line: 3, column: 'badges', reason: 'duplicate badge Q6001: also on line 2' },
      { line: 5, column: 'organisation', reason: expect.stringContaining('"rijkswaterstaat"') },
    ]);
    expect(String(res.body.message)).toContain('nothing was imported');
    expect(await list()).toHaveLength(before.length);

    // Once the file itself is clean, a badge of somebody else is the problem left.
    const second = await uploadCsv(hub, facilities, [HEADER, 'HR6001,Goed Mens,staff,uwv,,,Q6001,', 'HR6003,Bezet,staff,uwv,,,P200102,'].join('\n'));
    expect(second.status).toBe(400);
    expect((second.body.report as CardholderImportReport).rejected).toEqual([{ line: 3, column: 'badges', reason: 'badge P200102 already belongs to cardholder HR102' }]);
    expect(await list()).toHaveLength(before.length);
  });

  it('refuses a wrong column and bad encoding with the line, and a non-CSV upload', async () => {
    const wrong = await uploadCsv(hub, facilities, 'personeelsnummer,name,badges\n1,Piet,Q1\n');
    expect(wrong.status).toBe(400);
    expect((wrong.body.report as CardholderImportReport).rejected).toEqual(
      expect.arrayContaining([
        { line: 1, column: 'personeelsnummer', reason: expect.stringContaining('unknown column') },
        { line: 1, column: 'external_id', reason: 'required column "external_id" is missing' },
      ]),
    );
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\nHR7001,Ren`), Buffer.from([0xe9]), Buffer.from(' Dubois,staff,uwv,,,Q7001,\n')]);
    const encoding = await uploadCsv(hub, facilities, latin1);
    expect(encoding.status).toBe(400);
    expect((encoding.body.report as CardholderImportReport).rejected).toEqual([{ line: 2, column: null, reason: expect.stringContaining('UTF-8') }]);
    expect((await uploadCsv(hub, facilities, latin1, `siteId=${SITE}`, 'text/csv; charset=windows-1252')).status).toBe(400);
    expect((await uploadCsv(hub, facilities, '{"a":1}', `siteId=${SITE}`, 'application/json')).status).toBe(415);
    expect((await uploadCsv(hub, facilities, `${HEADER}\n`, 'siteId=nowhere')).status).toBe(400);
  });

  it('checks without importing on a dry run, and is facilities/admin only', async () => {
    const before = await list();
    const dry = await uploadCsv(hub, facilities, `${HEADER}\nHR8001,Droog,staff,uwv,,,Q8001,\n`, `siteId=${SITE}&dryRun=true`);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, created: 0 });
    expect(await list()).toHaveLength(before.length);
    expect((await uploadCsv(hub, (await hub.login('guard')).accessToken, `${HEADER}\n`)).status).toBe(403);
  });
});
