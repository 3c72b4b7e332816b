import { isCalendarDate, parseCardholderCsv } from './cardholder-import';

const ORGS = ['gemeente-tiel', 'werkzaak', 'uwv'];
const csv = (text: string) => Buffer.from(text, 'utf8');
const HEADER = 'external_id,name,kind,organisation,bhv,username,badges,valid_until';

describe('cardholder CSV import', () => {
  it('reads a clean file: any column order, ; or , between fields, several badges and functions per cell, a BOM', () => {
    const { rows, rejected } = parseCardholderCsv(
      csv('\uFEFFname;external_id;organisation;badges;bhv;username\n"Jansen, Piet";HR1;uwv;P1|P2;bhv|first_aid;bhv9\nAnna Smit;HR2;werkzaak;P3;;\n'),
      ORGS,
    );
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, externalId: 'HR1', name: 'Jansen, Piet', kind: 'staff', organisationId: 'uwv', bhv: ['bhv', 'first_aid'], username: 'bhv9', badges: ['P1', 'P2'], validUntil: null },
      { line: 3, externalId: 'HR2', name: 'Anna Smit', kind: 'staff', organisationId: 'werkzaak', bhv: [], username: null, badges: ['P3'], validUntil: null },
    ]);
  });

  it('refuses a wrong, doubled or missing column at line 1 and reads no row', () => {
    const { rows, rejected } = parseCardholderCsv(csv('external_id,naam,badges,badges\nHR1,Piet,P1,P2\n'), ORGS);
    expect(rows).toEqual([]);
    expect(rejected).toEqual([
      { line: 1, column: 'naam', reason: expect.stringContaining('unknown column "naam"') },
      { line: 1, column: 'badges', reason: 'column "badges" appears twice' },
      { line: 1, column: 'name', reason: 'required column "name" is missing' },
    ]);
  });

  it('reports every line that is not UTF-8', () => {
    const latin1 = Buffer.concat([csv(`${HEADER}\nHR1,Jos,staff,uwv,,,P1,\nHR2,Ren`), Buffer.from([0xe9]), csv(',staff,uwv,,,P2,\n')]);
    expect(parseCardholderCsv(latin1, ORGS).rejected).toEqual([{ line: 3, column: null, reason: expect.stringContaining('not valid UTF-8') }]);
  });

  it('reports a duplicate badge with both lines, and every other bad field with its line and column', () => {
    const { rows, rejected } = parseCardholderCsv(
      csv(
        [
          HEADER,
          'HR1,Piet,staff,uwv,,,P1,',
          'HR2,Anna,staff,uwv,,,P1,', // duplicate badge
          'HR3,,staff,ministerie,,,P3,2026-02-30', // no name, unknown organisation, no such day
          'HR4,Kees,boss,uwv,coffee,,P4,', // bad kind, bad function
          'HR1,Jan,staff,uwv,,,P5,', // duplicate external id
          'HR6,Els,staff,uwv,,,,', // no badge
          'HR7,Bo,staff,uwv', // too few fields
          'HR8,Bezoeker,visitor,,,,V1,2027-01-01', // a visitor needs no organisation
        ].join('\n'),
      ),
      ORGS,
    );
    expect(rejected).toEqual([
      { line: 3, column: 'badges', reason: 'duplicate badge P1: also on line 2' },
      { line: 4, column: 'name', reason: 'name is empty' },
      { line: 4, column: 'organisation', reason: expect.stringContaining('"ministerie" is not one of') },
      { line: 4, column: 'valid_until', reason: expect.stringContaining('not a date') },
      { line: 5, column: 'kind', reason: expect.stringContaining('"boss"') },
      { line: 5, column: 'bhv', reason: expect.stringContaining('"coffee"') },
      { line: 6, column: 'external_id', reason: 'external_id HR1 is also on line 2' },
      { line: 7, column: 'badges', reason: 'at least one badge number is needed' },
      { line: 8, column: null, reason: 'has 4 fields; the header has 8' },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 9]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(parseCardholderCsv(csv(''), ORGS).rejected[0]?.reason).toMatch(/empty/);
    expect(parseCardholderCsv(csv(`${HEADER}\n`), ORGS).rejected[0]?.reason).toMatch(/no cardholders/);
  });

  it('reports a broken quote with its line instead of failing', () => {
    const { rejected } = parseCardholderCsv(csv(`${HEADER}\nHR1,"Piet,staff,uwv,,,P1,\n`), ORGS);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('29-02-2028')).toBe(false);
  });
});
