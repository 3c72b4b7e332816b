/**
 * The door alarm rules, pure: which access events call the guard. The service feeds them one
 * ingest batch (resolved in SQL) and the denial counts per door; they answer the alarms to raise.
 *   - `access.repeated_denials`: N or more denials at one door within W seconds (per door, from the site file);
 *   - `access.blocked_badge`: a badge the hub knows is blocked was presented (or the door said "blocked");
 *   - `access.outside_hours`: access granted outside the site's opening hours, at doors with that rule.
 * Each raises the door's incident of that type; while it is open, a repeat joins it.
 */
import type { AccessDenialReason, BadgeBlockReason, DoorRules, IncidentType, OpeningHours, SiteAccess, Weekday } from '@wachtpost/contracts';

export const DEFAULT_DOOR_RULES: DoorRules = { denialThreshold: 3, denialWindowSeconds: 60, outsideHours: false };

/** One stored access event with what the hub knew about its badge. */
export interface ResolvedAccess {
  siteId: string;
  doorId: string;
  eventId: string;
  ts: Date;
  badge: string;
  direction: 'in' | 'out';
  result: 'granted' | 'denied';
  reason: AccessDenialReason | null;
  cardholderId: string | null;
  cardholderName: string | null;
  organisation: string | null;
  /** The hub's record of the badge: blocked, and why. */
  badgeBlocked: boolean;
  blockReason: BadgeBlockReason | null;
  blockNote: string | null;
}

export interface DoorAlarm {
  siteId: string;
  doorId: string;
  type: Extract<IncidentType, 'access.repeated_denials' | 'access.blocked_badge' | 'access.outside_hours'>;
  data: Record<string, unknown>;
}

export type SiteRules = Pick<SiteAccess, 'openingHours' | 'doorRules' | 'doors'> & { timezone: string };

export function doorRulesFor(site: Pick<SiteRules, 'doorRules' | 'doors'>, doorId: string): DoorRules {
  return { ...DEFAULT_DOOR_RULES, ...site.doorRules, ...site.doors[doorId] };
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** Weekday and minutes since local midnight of an instant in a time zone. */
export function localTime(ts: Date, timezone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ts);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[get('weekday')];
  if (!day) throw new Error(`cannot tell the weekday of ${ts.toISOString()} in ${timezone}`);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Open at this instant? A day not listed is closed all day; periods are [open, close). */
export function isOpen(hours: OpeningHours, ts: Date, timezone: string): boolean {
  const { day, minutes } = localTime(ts, timezone);
  return (hours[day] ?? []).some((p) => minutes >= toMinutes(p.open) && minutes < toMinutes(p.close));
}

/** The doors of this batch with denials, and the newest denial's time at each: what to count in the window. */
export function denialWindows(rows: ResolvedAccess[], site: (siteId: string) => SiteRules | undefined): { doorId: string; since: Date; until: Date; threshold: number }[] {
  const latest = new Map<string, ResolvedAccess>();
  for (const r of rows) {
    if (r.result !== 'denied') continue;
    const seen = latest.get(r.doorId);
    if (!seen || seen.ts < r.ts) latest.set(r.doorId, r);
  }
  const out: { doorId: string; since: Date; until: Date; threshold: number }[] = [];
  for (const [doorId, r] of latest) {
    const rules = site(r.siteId);
    if (!rules) continue;
    const { denialThreshold, denialWindowSeconds } = doorRulesFor(rules, doorId);
    out.push({ doorId, until: r.ts, since: new Date(r.ts.getTime() - denialWindowSeconds * 1000), threshold: denialThreshold });
  }
  return out;
}

/**
 * The alarms one batch raises. `denialCounts` holds, per door of `denialWindows`, the denials
 * stored in its window (this batch included). At most one alarm per door and type per batch:
 * the incident joins further triggers anyway.
 */
export function doorAlarms(rows: ResolvedAccess[], site: (siteId: string) => SiteRules | undefined, denialCounts: Map<string, number>): DoorAlarm[] {
  const alarms = new Map<string, DoorAlarm>();
  const add = (a: DoorAlarm) => {
    const key = `${a.doorId}\u0000${a.type}`;
    if (!alarms.has(key)) alarms.set(key, a);
  };
  for (const r of rows) {
    const who = { badge: r.badge, cardholderId: r.cardholderId, cardholderName: r.cardholderName, organisation: r.organisation, ts: r.ts.toISOString(), eventId: r.eventId };
    if (r.badgeBlocked || (r.result === 'denied' && r.reason === 'blocked')) {
      add({
        siteId: r.siteId,
        doorId: r.doorId,
        type: 'access.blocked_badge',
        data: { ...who, result: r.result, direction: r.direction, blockReason: r.blockReason, blockNote: r.blockNote, knownBlocked: r.badgeBlocked },
      });
    }
    const rules = site(r.siteId);
    if (r.result === 'granted' && rules && doorRulesFor(rules, r.doorId).outsideHours && !isOpen(rules.openingHours, r.ts, rules.timezone)) {
      add({ siteId: r.siteId, doorId: r.doorId, type: 'access.outside_hours', data: { ...who, direction: r.direction } });
    }
  }
  for (const w of denialWindows(rows, site)) {
    const count = denialCounts.get(w.doorId) ?? 0;
    if (count < w.threshold) continue;
    const denied = rows.filter((r) => r.doorId === w.doorId && r.result === 'denied');
    const last = denied[denied.length - 1]!;
    add({
      siteId: last.siteId,
      doorId: w.doorId,
      type: 'access.repeated_denials',
      data: {
        denials: count,
        windowSeconds: Math.round((w.until.getTime() - w.since.getTime()) / 1000),
        badges: [...new Set(denied.map((r) => r.badge))].slice(0, 20),
        lastReason: last.reason,
        ts: w.until.toISOString(),
      },
    });
  }
  return [...alarms.values()];
}
