import { accessLogParams, emptyAccessLogForm, fileNameFrom, formProblems, localToIso, toQuery } from './access-filters';

describe('access-log filters', () => {
  it('leaves empty fields out', () => {
    expect(accessLogParams(emptyAccessLogForm())).toEqual({});
  });

  it('sends a badge number as badge and a UUID as cardholderId', () => {
    expect(accessLogParams({ ...emptyAccessLogForm(), person: ' P200101 ' })).toEqual({ badge: 'P200101' });
    const id = '0F6B1A7E-1C2D-4E5F-8A9B-0C1D2E3F4A5B';
    expect(accessLogParams({ ...emptyAccessLogForm(), person: id })).toEqual({ cardholderId: id.toLowerCase() });
  });

  it('turns local times into ISO and a reason into a denied filter', () => {
    const form = { ...emptyAccessLogForm(), from: '2026-03-02T08:00', reason: 'blocked', doorId: 'door-main', organisation: 'uwv' };
    const params = accessLogParams(form);
    expect(params.from).toBe(new Date('2026-03-02T08:00').toISOString());
    expect(params).toMatchObject({ reason: 'blocked', result: 'denied', doorId: 'door-main', organisation: 'uwv' });
  });

  it('only sends a purpose the hub accepts, and says when it is too short', () => {
    expect(accessLogParams({ ...emptyAccessLogForm(), purpose: 'abc' })).toEqual({});
    expect(formProblems({ ...emptyAccessLogForm(), purpose: 'abc' })).toEqual(['purposeTooShort']);
    expect(accessLogParams({ ...emptyAccessLogForm(), purpose: ' Diefstal onderzoek ' })).toEqual({ purpose: 'Diefstal onderzoek' });
    expect(formProblems({ ...emptyAccessLogForm(), purpose: 'Diefstal onderzoek' })).toEqual([]);
  });

  it('refuses a range that ends before it starts, and bad times', () => {
    expect(formProblems({ ...emptyAccessLogForm(), from: '2026-03-02T09:00', to: '2026-03-02T08:00' })).toEqual(['fromAfterTo']);
    expect(formProblems({ ...emptyAccessLogForm(), from: 'nonsense' })).toEqual(['badTime']);
    expect(localToIso('')).toBeUndefined();
  });

  it('builds a query string and reads a file name', () => {
    expect(toQuery({ a: 'x y', b: undefined, c: '', d: 5 })).toBe('?a=x+y&d=5');
    expect(toQuery({})).toBe('');
    expect(fileNameFrom('attachment; filename="access-log-2026-03-02.csv"', 'x.csv')).toBe('access-log-2026-03-02.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});
