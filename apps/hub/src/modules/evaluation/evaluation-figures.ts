/**
 * The evaluation's arithmetic, pure so its rules are tested on their own: periods, percentiles
 * and the tallies the dashboard, the PDF and the CSV all show. docs/evaluation.md explains each.
 */
import type { DurationStat, EvaluationCategory, EvaluationDto, IncidentCategory, ResponseFigures } from '@wachtpost/contracts';
import { incidentCategories } from '@wachtpost/contracts';

const DAY_MS = 86_400_000;

/**
 * A period of whole days (inclusive) and the one before it: as many whole calendar months when
 * the period is whole months (a quarter is compared with the quarter before), else as many days.
 */
export function periods(from: string, to: string): { period: { from: string; to: string }; previousPeriod: { from: string; to: string } } {
  const f = Date.parse(`${from}T00:00:00Z`);
  const t = Date.parse(`${to}T00:00:00Z`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (from.endsWith('-01') && nextDay(to).endsWith('-01')) {
    const [fy, fm] = from.split('-').map(Number) as [number, number];
    const [ty, tm] = to.split('-').map(Number) as [number, number];
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    return { period: { from, to }, previousPeriod: { from: day(Date.UTC(fy, fm - 1 - months, 1)), to: day(f - DAY_MS) } };
  }
  const days = Math.round((t - f) / DAY_MS) + 1;
  return { period: { from, to }, previousPeriod: { from: day(f - days * DAY_MS), to: day(f - DAY_MS) } };
}

/** The day after a date (the exclusive end of a period). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Percentile by linear interpolation between the closest ranks (Postgres percentile_cont, Excel PERCENTILE.INC). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lower = Math.floor(pos);
  const upper = Math.ceil(pos);
  const value = sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (pos - lower);
  return Math.round(value * 1000) / 1000;
}

export function durationStat(seconds: readonly (number | null)[]): DurationStat {
  const sorted = seconds.filter((s): s is number => s !== null && s >= 0).sort((a, b) => a - b);
  return { count: sorted.length, medianSeconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9) };
}

/** One incident as the evaluation sees it (from the register query). */
export interface RegisterRow {
  incidentId: string;
  previous: boolean;
  type: string;
  deviceId: string | null;
  deviceName: string | null;
  roomId: string | null;
  roomName: string | null;
  floorId: string | null;
  floorName: string | null;
  frontOffice: boolean;
  organisationId: string | null;
  category: IncidentCategory | null;
  openedAt: Date;
  weekday: number;
  hour: number;
  /** Seconds from the press; null when it did not happen. */
  ackSeconds: number | null;
  comingSeconds: number | null;
  quorumSeconds: number | null;
  resolvedSeconds: number | null;
  status: 'open' | 'follow_up_done' | 'closed';
}

export function isDrill(r: Pick<RegisterRow, 'category'>): boolean {
  return r.category === 'drill';
}

/** Response figures over alarm-button presses only: other incidents have no press to measure from. */
export function responseFigures(rows: readonly RegisterRow[]): ResponseFigures {
  const presses = rows.filter((r) => r.type === 'alarm.pressed');
  return {
    acknowledged: durationStat(presses.map((r) => r.ackSeconds)),
    firstComing: durationStat(presses.map((r) => r.comingSeconds)),
    quorum: durationStat(presses.map((r) => r.quorumSeconds)),
    resolved: durationStat(presses.map((r) => r.resolvedSeconds)),
  };
}

function countBy<K>(rows: readonly RegisterRow[], key: (r: RegisterRow) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

type Tallies = Pick<EvaluationDto, 'total' | 'byCategory' | 'byRoom' | 'byFloor' | 'byPlace' | 'byWeekday' | 'byHour' | 'byWeekdayHour' | 'response' | 'falseAlarms'> & {
  followUp: Omit<EvaluationDto['followUp'], 'overdue'>;
};

/** Everything counted over real incidents; `rows` holds both periods, drills already removed. */
export function tally(rows: readonly RegisterRow[]): Tallies {
  const current = rows.filter((r) => !r.previous);
  const previous = rows.filter((r) => r.previous);
  const cat = (r: RegisterRow): EvaluationCategory => r.category ?? 'uncategorised';
  const nowByCat = countBy(current, cat);
  const prevByCat = countBy(previous, cat);
  const categories: EvaluationCategory[] = [...incidentCategories.filter((c) => c !== 'drill'), 'uncategorised'];
  const byCategory = categories
    .map((category) => ({ category, count: nowByCat.get(category) ?? 0, previous: prevByCat.get(category) ?? 0 }))
    .filter((c) => c.count > 0 || c.previous > 0);

  const rooms = new Map<string, EvaluationDto['byRoom'][number]>();
  const floors = new Map<string, EvaluationDto['byFloor'][number]>();
  for (const r of current) {
    // Without a room: one row per floor, and one for outside the building or unknown.
    const roomKey = r.roomId ?? `floor:${r.floorId ?? ''}`;
    const room = rooms.get(roomKey) ?? { roomId: r.roomId, roomName: r.roomName, floorName: r.floorName, count: 0 };
    room.count++;
    rooms.set(roomKey, room);
    const floor = floors.get(r.floorId ?? '') ?? { floorId: r.floorId, floorName: r.floorName, count: 0 };
    floor.count++;
    floors.set(r.floorId ?? '', floor);
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

  const weekdays = countBy(current, (r) => r.weekday);
  const hours = countBy(current, (r) => r.hour);
  const cells = countBy(current, (r) => r.weekday * 100 + r.hour);

  const devices = new Map<string, EvaluationDto['falseAlarms'][number]>();
  for (const r of current) {
    if (!r.deviceId) continue;
    const d = devices.get(r.deviceId) ?? { deviceId: r.deviceId, deviceName: r.deviceName ?? r.deviceId, roomName: r.roomName, alarms: 0, falseAlarms: 0, rate: 0 };
    d.alarms++;
    if (r.category === 'false_alarm') d.falseAlarms++;
    devices.set(r.deviceId, d);
  }
  const falseAlarms = [...devices.values()]
    .map((d) => ({ ...d, rate: Math.round((d.falseAlarms / d.alarms) * 1000) / 1000 }))
    .sort((a, b) => b.rate - a.rate || b.alarms - a.alarms || a.deviceId.localeCompare(b.deviceId));

  const statuses = countBy(current, (r) => r.status);
  return {
    total: { count: current.length, previous: previous.length },
    byCategory,
    byRoom: [...rooms.values()].sort(byCount),
    byFloor: [...floors.values()].sort(byCount),
    byPlace: { frontOffice: current.filter((r) => r.frontOffice).length, elsewhere: current.filter((r) => !r.frontOffice).length },
    byWeekday: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, count: weekdays.get(weekday) ?? 0 })),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, count: hours.get(hour) ?? 0 })),
    byWeekdayHour: [...cells.entries()].sort(([a], [b]) => a - b).map(([k, count]) => ({ weekday: Math.floor(k / 100), hour: k % 100, count })),
    response: responseFigures(current),
    falseAlarms,
    followUp: { open: statuses.get('open') ?? 0, followUpDone: statuses.get('follow_up_done') ?? 0, closed: statuses.get('closed') ?? 0 },
  };
}
