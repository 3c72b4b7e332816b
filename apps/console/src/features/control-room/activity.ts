/**
 * The live activity ticker's data: stored device events and device status changes, newest
 * first, filterable by category. Pure (unit-tested by jest; no Vue, no DOM).
 *
 * Each category keeps its own most recent entries, so a flood of badge swipes never pushes the
 * last door or device event out of the ticker.
 */
import type { DeviceDto, DeviceEventType, StoredEventDto } from '@wachtpost/contracts';

export const activityCategories = ['alarms', 'doors', 'access', 'devices'] as const;
export type ActivityCategory = (typeof activityCategories)[number];
export type ActivityFilter = 'all' | ActivityCategory;

/** Entries kept per category. */
export const ACTIVITY_PER_CATEGORY = 50;

interface EntryBase {
  id: string;
  deviceId: string;
  category: ActivityCategory;
  /** When it happened, as shown (ISO). */
  at: string;
  /** Order: when the hub (or, for a status change, the console) learned of it (epoch ms). */
  order: number;
}

export type ActivityEntry =
  | (EntryBase & { what: 'event'; type: DeviceEventType })
  | (EntryBase & { what: 'status'; online: boolean });

export function categoryOf(type: DeviceEventType): ActivityCategory {
  switch (type) {
    case 'alarm.pressed':
    case 'alarm.reset':
      return 'alarms';
    case 'door.opened':
    case 'door.closed':
    case 'door.forced':
    case 'door.held':
      return 'doors';
    case 'access.granted':
    case 'access.denied':
      return 'access';
    case 'tamper':
    case 'battery.low':
      return 'devices';
  }
}

function time(iso: string, fallback: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? fallback : t;
}

export function fromStoredEvent(event: StoredEventDto): ActivityEntry {
  return {
    id: `event:${event.id}`,
    deviceId: event.deviceId,
    category: categoryOf(event.type),
    at: event.ts,
    order: time(event.receivedAt, time(event.ts, 0)),
    what: 'event',
    type: event.type,
  };
}

/** A device went offline or came back: an entry, or null when its online state did not change. */
export function statusChange(previous: DeviceDto | undefined, next: DeviceDto, now: number): ActivityEntry | null {
  if (!previous || previous.online === next.online) return null;
  return {
    id: `status:${next.id}:${now}:${next.online ? 'up' : 'down'}`,
    deviceId: next.id,
    category: 'devices',
    at: new Date(now).toISOString(),
    order: now,
    what: 'status',
    online: next.online,
  };
}

/** Adds entries (any order, duplicates ignored): newest first, at most `perCategory` of each category. */
export function mergeActivity(
  current: readonly ActivityEntry[],
  incoming: readonly ActivityEntry[],
  perCategory: number = ACTIVITY_PER_CATEGORY,
): ActivityEntry[] {
  const seen = new Set<string>();
  const all = [...incoming, ...current].filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  all.sort((a, b) => b.order - a.order);
  const counts = new Map<ActivityCategory, number>();
  return all.filter((e) => {
    const n = counts.get(e.category) ?? 0;
    counts.set(e.category, n + 1);
    return n < perCategory;
  });
}

export function filterActivity(entries: readonly ActivityEntry[], filter: ActivityFilter, limit = ACTIVITY_PER_CATEGORY): ActivityEntry[] {
  const shown = filter === 'all' ? entries : entries.filter((e) => e.category === filter);
  return shown.slice(0, limit);
}
