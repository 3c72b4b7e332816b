import type { EvacuationDto, EvacuationPersonDto } from '@wachtpost/contracts';
import { markAccounted, newerEvacuation, rollCallGroups, sortPeople } from './roll-call';

const person = (id: string, name: string, status: EvacuationPersonDto['status']): EvacuationPersonDto => ({
  cardholderId: id,
  name,
  status,
  lastSeen: null,
  accountedBy: null,
  accountedAt: null,
  leftAt: null,
});

function evacuation(): EvacuationDto {
  return {
    id: 'e1',
    siteId: 's',
    status: 'active',
    startedAt: '2026-03-02T08:00:00Z',
    startedBy: 'guard',
    closedAt: null,
    closedBy: null,
    counts: { total: 3, missing: 1, accounted: 1, left: 1 },
    organisations: [
      { id: 'a', name: 'Alfa', people: [person('1', 'Zoë', 'accounted')] },
      { id: 'b', name: 'Bravo', people: [person('2', 'Bart', 'left'), person('3', 'Anna', 'missing')] },
    ],
  };
}

describe('roll call', () => {
  it('puts missing people first, then accounted, then left', () => {
    expect(sortPeople([person('1', 'A', 'left'), person('2', 'B', 'accounted'), person('3', 'C', 'missing')]).map((p) => p.cardholderId)).toEqual(['3', '2', '1']);
  });

  it('puts organisations with someone missing first', () => {
    const groups = rollCallGroups(evacuation());
    expect(groups.map((g) => [g.id, g.missing])).toEqual([
      ['b', 1],
      ['a', 0],
    ]);
    expect(groups[0]!.people.map((p) => p.name)).toEqual(['Anna', 'Bart']);
  });

  it('ticks a missing person off and updates the counts; anyone else is left alone', () => {
    const ticked = markAccounted(evacuation(), '3', 'guard', '2026-03-02T08:05:00Z');
    expect(ticked.counts).toMatchObject({ missing: 0, accounted: 2 });
    expect(ticked.organisations[1]!.people[1]).toMatchObject({ status: 'accounted', accountedBy: 'guard' });
    const original = evacuation();
    expect(markAccounted(original, '2', 'guard', 'x')).toBe(original);
  });

  it('never lets an older active state undo a close', () => {
    const closed = { ...evacuation(), status: 'closed' as const };
    expect(newerEvacuation(closed, evacuation())).toBe(closed);
    const other = { ...evacuation(), id: 'e2' };
    expect(newerEvacuation(closed, other)).toBe(other);
    expect(newerEvacuation(null, other)).toBe(other);
  });
});
