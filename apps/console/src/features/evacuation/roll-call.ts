/**
 * The roll call as the screen shows it: per organisation, missing people first (by name), then
 * accounted for, then badged out; and which roll call a BHV member or the guard should be led to.
 */
import type { EvacuationDto, EvacuationPersonDto, EvacuationPersonStatus } from '@wachtpost/contracts';

const STATUS_ORDER: Record<EvacuationPersonStatus, number> = { missing: 0, accounted: 1, left: 2 };

export function sortPeople(people: readonly EvacuationPersonDto[]): EvacuationPersonDto[] {
  return [...people].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name, 'nl') || a.cardholderId.localeCompare(b.cardholderId));
}

export interface RollCallGroup {
  id: string;
  name: string;
  missing: number;
  people: EvacuationPersonDto[];
}

/** Organisations with someone missing first, then by name. */
export function rollCallGroups(evacuation: EvacuationDto): RollCallGroup[] {
  return evacuation.organisations
    .map((o) => ({ id: o.id, name: o.name, missing: o.people.filter((p) => p.status === 'missing').length, people: sortPeople(o.people) }))
    .sort((a, b) => Number(b.missing > 0) - Number(a.missing > 0) || a.name.localeCompare(b.name, 'nl'));
}

/** A tick shown at once, before the hub confirms it. */
export function markAccounted(evacuation: EvacuationDto, cardholderId: string, by: string, at: string): EvacuationDto {
  let changed = false;
  const organisations = evacuation.organisations.map((o) => ({
    ...o,
    people: o.people.map((p) => {
      if (p.cardholderId !== cardholderId || p.status !== 'missing') return p;
      changed = true;
      return { ...p, status: 'accounted' as const, accountedBy: by, accountedAt: at };
    }),
  }));
  if (!changed) return evacuation;
  const counts = { ...evacuation.counts, missing: evacuation.counts.missing - 1, accounted: evacuation.counts.accounted + 1 };
  return { ...evacuation, organisations, counts };
}

/** Of two states of the same roll call, the newer: closed wins, then the one with fewer missing. */
export function newerEvacuation(current: EvacuationDto | null, next: EvacuationDto): EvacuationDto {
  if (!current || current.id !== next.id) return next;
  if (current.status === 'closed' && next.status === 'active') return current;
  return next;
}
