/** REST request and response shapes of the hub (`/api/v1`). */
import { z } from 'zod';
import type { DeviceEventType, DeviceKind, QuarantineReason } from './device';
import type { Point, Rect } from './site';

export const API_PREFIX = '/api/v1';

export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  /** Field-level problems for a 400. */
  issues?: { path: string; message: string }[];
}

// ---- sites -----------------------------------------------------------------------------------
export interface RoomDto {
  id: string;
  name: string;
  floorId: string;
  rect: Rect;
  organisationId: string | null;
  frontOffice: boolean;
}
export interface FloorDto {
  id: string;
  name: string;
  level: number;
  /** URL of the floor's SVG plan. */
  planUrl: string;
  /** The plan's viewBox, so overlays can use the same coordinates. */
  viewBox: string;
  rooms: RoomDto[];
}
export interface SiteDto {
  id: string;
  name: string;
  timezone: string;
  organisations: { id: string; name: string }[];
  floors: FloorDto[];
}

// ---- devices ---------------------------------------------------------------------------------
export interface DeviceDto {
  id: string;
  siteId: string;
  kind: DeviceKind;
  name: string;
  floorId: string;
  roomId: string | null;
  position: Point;
  heartbeatSeconds: number;
  online: boolean;
  /** Last time anything was heard from the device (ISO). */
  lastSeen: string | null;
  battery: number | null;
  rssi: number | null;
  fw: string | null;
  tamper: boolean;
  /** Doors only: the contact state as last reported. */
  doorState: 'open' | 'closed' | null;
}

// ---- stored events ---------------------------------------------------------------------------
export interface StoredEventDto {
  id: string;
  siteId: string;
  deviceId: string;
  eventId: string;
  type: DeviceEventType;
  /** Device clock (ISO). */
  ts: string;
  receivedAt: string;
  payload: Record<string, unknown>;
}

export const eventsQuerySchema = z.object({
  deviceId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

// ---- quarantine ------------------------------------------------------------------------------
export interface QuarantineDto {
  id: string;
  topic: string;
  reason: QuarantineReason;
  detail: string;
  /** The first bytes of the payload, as text. */
  payloadHead: string;
  size: number;
  receivedAt: string;
}
export const quarantineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

// ---- incidents -------------------------------------------------------------------------------
export const incidentStatuses = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
/** `manual`: registered by hand afterwards (a threat by phone); never a live alarm. */
export const incidentKinds = ['alarm', 'door', 'technical', 'manual'] as const;
export type IncidentKind = (typeof incidentKinds)[number];
export const incidentTypes = [
  'alarm.pressed',
  'door.forced',
  'door.held',
  'device.offline',
  'device.unknown',
  'device.tamper',
  'battery.low',
  'dispatch.failed',
  'access.repeated_denials',
  'access.blocked_badge',
  'access.outside_hours',
  'incident.registered',
] as const;
export type IncidentType = (typeof incidentTypes)[number];
export const incidentOutcomes = ['genuine', 'false_alarm', 'technical', 'test', 'other'] as const;
export type IncidentOutcome = (typeof incidentOutcomes)[number];

export const incidentsQuerySchema = z.object({
  status: z.enum(incidentStatuses).optional(),
  kind: z.enum(incidentKinds).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const resolveIncidentSchema = z
  .object({
    outcome: z.enum(incidentOutcomes),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((r) => r.outcome !== 'false_alarm' || r.note.length > 0, {
    message: 'a note is required when the outcome is false_alarm',
    path: ['note'],
  });
export type ResolveIncidentRequest = z.input<typeof resolveIncidentSchema>;

/** Resolve many incidents at once (a flood of technical alerts): one outcome and note for all. */
export const bulkResolveIncidentsSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(500),
    outcome: z.enum(incidentOutcomes),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((r) => r.outcome !== 'false_alarm' || r.note.length > 0, {
    message: 'a note is required when the outcome is false_alarm',
    path: ['note'],
  });
export type BulkResolveIncidentsRequest = z.input<typeof bulkResolveIncidentsSchema>;
export interface BulkResolveIncidentsResponse {
  resolved: IncidentDto[];
  /** Incidents that could not be resolved, with why (already resolved, not found). */
  skipped: { id: string; reason: string }[];
}

export const incidentNoteSchema = z.object({ text: z.string().trim().min(1).max(2000) });

export interface IncidentDto {
  id: string;
  siteId: string;
  kind: IncidentKind;
  type: IncidentType;
  /** 1 is most urgent. */
  priority: number;
  status: IncidentStatus;
  silent: boolean;
  deviceId: string | null;
  roomId: string | null;
  roomName: string | null;
  floorId: string | null;
  floorName: string | null;
  /** The organisation of the room it happened in (null for shared rooms); the follow-up may assign another. */
  organisationId: string | null;
  /** How many times the device triggered this incident (presses of the same button). */
  triggerCount: number;
  openedAt: string;
  lastTriggerAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  outcome: IncidentOutcome | null;
  note: string | null;
  instructions: string[];
}

export const timelineKinds = [
  'opened',
  'triggered',
  'acknowledged',
  'resolved',
  'note',
  'command.queued',
  'command.acked',
  'command.failed',
  'device.online',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineEntryDto {
  id: string;
  at: string;
  kind: TimelineKind;
  /** Username of whoever did it; null for the hub or a device. */
  actor: string | null;
  data: Record<string, unknown>;
}

export interface IncidentDetailDto extends IncidentDto {
  timeline: TimelineEntryDto[];
}

// ---- health ----------------------------------------------------------------------------------
export type DependencyState = 'up' | 'down';
export interface HealthDto {
  status: 'ok' | 'degraded';
  dependencies: { database: DependencyState; redis: DependencyState; mqtt: DependencyState };
  version: string;
  uptimeSeconds: number;
}
