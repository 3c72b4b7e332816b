/**
 * Pure rules of the dispatch views (guard's panel and responder page): which alerts are live,
 * quorum gauges, countdowns, recipient order, delivery summaries. No Vue, no aliases (jest).
 */
import type { AlertDto, AlertRecipientDto, AlertStatus, DeliveryDto, QuorumDto, ResponderViewDto, ResponseAnswer } from '@wachtpost/contracts';

export const LIVE_STATUSES: readonly AlertStatus[] = ['active', 'quorum_met'];

export function isLive(alert: Pick<AlertDto, 'status'>): boolean {
  return LIVE_STATUSES.includes(alert.status);
}

export interface Gauge {
  function: QuorumDto['function'];
  confirmed: number;
  needed: number;
  /** 0..1, for the bar. */
  fraction: number;
  met: boolean;
}

/** One gauge per function of the quorum, in the order the hub gives them. */
export function quorumGauges(quorum: readonly QuorumDto[]): Gauge[] {
  return quorum.map((q) => ({
    function: q.function,
    confirmed: q.confirmed,
    needed: q.needed,
    fraction: q.needed > 0 ? Math.min(1, q.confirmed / q.needed) : 1,
    met: q.confirmed >= q.needed,
  }));
}

/** Whole seconds until an ISO time (never negative); null when there is no time. */
export function secondsUntil(iso: string | null, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whole minutes since an ISO time (never negative). */
export function minutesSince(iso: string, now: number): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now - at) / 60_000));
}

/** m:ss for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const answerRank: Record<ResponseAnswer | 'pending', number> = { on_scene: 0, coming: 1, pending: 2, cannot: 3 };

/**
 * Recipients as the guard reads them: on scene, then coming (soonest ETA first), then pending,
 * then those who cannot; ties by round, then name, so rows never jitter.
 */
export function orderRecipients<T extends Pick<AlertRecipientDto, 'answer' | 'etaMinutes' | 'round' | 'displayName' | 'userId'>>(recipients: readonly T[]): T[] {
  return [...recipients].sort(
    (a, b) =>
      answerRank[a.answer] - answerRank[b.answer] ||
      (a.answer === 'coming' ? (a.etaMinutes ?? Infinity) - (b.etaMinutes ?? Infinity) : 0) ||
      a.round - b.round ||
      a.displayName.localeCompare(b.displayName) ||
      a.userId.localeCompare(b.userId),
  );
}

/** Who else is coming on the responder page: on scene first, then by ETA, then name. */
export function orderComing(coming: ResponderViewDto['coming']): ResponderViewDto['coming'] {
  return [...coming].sort(
    (a, b) =>
      answerRank[a.answer] - answerRank[b.answer] ||
      (a.etaMinutes ?? Infinity) - (b.etaMinutes ?? Infinity) ||
      a.displayName.localeCompare(b.displayName),
  );
}

export interface ChannelState {
  channel: DeliveryDto['channel'];
  state: DeliveryDto['state'];
  /** Why it failed or was skipped. */
  reason: string | null;
  round: number;
}

/**
 * Per channel, the state of the newest alert delivery (highest round) to one recipient;
 * stand-down and all-clear messages are listed apart.
 */
export function channelStates(deliveries: readonly DeliveryDto[], kind: DeliveryDto['kind'] = 'alert'): ChannelState[] {
  const byChannel = new Map<DeliveryDto['channel'], DeliveryDto>();
  for (const d of deliveries) {
    if (d.kind !== kind) continue;
    const seen = byChannel.get(d.channel);
    if (!seen || d.round > seen.round) byChannel.set(d.channel, d);
  }
  return [...byChannel.values()]
    .sort((a, b) => a.channel.localeCompare(b.channel))
    .map((d) => ({ channel: d.channel, state: d.state, reason: d.error, round: d.round }));
}

/** Live alerts, newest first; those of one incident first when given. */
export function orderAlerts<T extends Pick<AlertDto, 'id' | 'startedAt' | 'incidentId'>>(alerts: readonly T[], incidentId: string | null = null): T[] {
  return [...alerts].sort(
    (a, b) =>
      Number(b.incidentId !== null && b.incidentId === incidentId) - Number(a.incidentId !== null && a.incidentId === incidentId) ||
      b.startedAt.localeCompare(a.startedAt) ||
      a.id.localeCompare(b.id),
  );
}

/** Keeps the map of live alerts in step with an upsert: a finished alert leaves it. */
export function applyAlert<T extends AlertDto>(alerts: Readonly<Record<string, T>>, alert: T): Record<string, T> {
  const next = { ...alerts };
  if (isLive(alert)) next[alert.id] = alert;
  else delete next[alert.id];
  return next;
}

/** An ETA typed by the responder: a whole number of minutes 0..240, or undefined when empty or invalid. */
export function parseEta(text: string): number | undefined | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,3}$/.test(trimmed)) return 'invalid';
  const n = Number(trimmed);
  return n <= 240 ? n : 'invalid';
}

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
export function base64UrlToBytes(value: string): Uint8Array {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
