import { csvLine, decodeCursor, encodeCursor, pseudonym, reasonText } from './access-log-format';

describe('access log format', () => {
  it('round-trips a cursor and refuses anything else with a 400', () => {
    const c = { ts: '2026-11-28 10:15:03.120123+00', id: '42' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ['nope', Buffer.from('["x","1"]').toString('base64url'), Buffer.from('["2026-11-28 10:00:00+00","1; DROP"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });

  it('gives the same person the same pseudonym and different people different ones, without the name', () => {
    const key = Buffer.alloc(32, 7);
    const a = pseudonym(key, '00000000-0000-4000-8000-000000000001');
    expect(a).toMatch(/^Persoon [0-9a-f]{8}$/);
    expect(pseudonym(key, '00000000-0000-4000-8000-000000000001')).toBe(a);
    expect(pseudonym(key, '00000000-0000-4000-8000-000000000002')).not.toBe(a);
    expect(pseudonym(Buffer.alloc(32, 8), '00000000-0000-4000-8000-000000000001')).not.toBe(a);
  });

  it('says why in Dutch and English', () => {
    expect(reasonText('denied', 'blocked')).toEqual({ nl: 'Pas geblokkeerd', en: 'Badge blocked' });
    expect(reasonText('granted', null).nl).toBe('Toegang verleend');
  });

  it('quotes CSV cells that need it and defuses spreadsheet formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 3])).toBe('a,"b,c","say ""hi""",,3\r\n');
    expect(csvLine(['=HYPERLINK("x")', '+1', '@x'])).toBe(`"'=HYPERLINK(""x"")",'+1,'@x\r\n`);
  });
});
