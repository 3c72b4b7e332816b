/**
 * Access control: cardholders and badges, the access log, presence, door rules, evacuation roll
 * calls and the audit of who looked at the log (REST, socket and site file shapes).
 */
import { z } from 'zod';
import { accessDenialReasons, idPattern } from './device';
import { responderFunctionSchema, type ResponderFunction } from './dispatch';

// ---- cardholders and badges ------------------------------------------------------------------
/** Staff belong to one of the site's organisations; visitors and contractors form groups of their own. */
export const cardholderKinds = ['staff', 'visitor', 'contractor'] as const;
export const cardholderKindSchema = z.enum(cardholderKinds);
export type CardholderKind = z.infer<typeof cardholderKindSchema>;

export const badgeBlockReasons = ['lost', 'stolen', 'building_ban', 'left_organisation', 'other'] as const;
export type BadgeBlockReason = (typeof badgeBlockReasons)[number];
/** `expired` is derived from `validUntil`; `blocked` is set by a person and sent to every door. */
export const badgeStates = ['active', 'blocked', 'expired'] as const;
export type BadgeState = (typeof badgeStates)[number];

/** What a door controller reads: 1–64 characters, no whitespace or control characters. */
export const badgeNumberSchema = z
  .string()
  .min(1, 'a badge number is required')
  .max(64, 'a badge number has at most 64 characters')
  .regex(/^[^\s\u0000-\u001f\u007f]+$/, 'a badge number has no spaces or control characters');
const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/**
 * The presence / access-log group of a cardholder: the organisation for staff, `visitor` or
 * `contractor` for the others (so a visitor's host organisation does not count them as staff).
 */
export function organisationGroup(kind: CardholderKind, organisationId: string | null): string | null {
  return kind === 'staff' ? organisationId : kind;
}

export const siteCardholderSchema = z.object({
  /** The HR system's number; unique per site. */
  externalId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  kind: cardholderKindSchema.default('staff'),
  /** Required for staff; for a visitor or contractor the host organisation, if any. */
  organisationId: z.string().regex(idPattern).nullable().default(null),
  /** BHV functions (empty: not in the BHV organisation). */
  bhv: z.array(responderFunctionSchema).default([]),
  /** The Wachtpost user of this person (BHV members): links presence to dispatch. */
  username: z.string().min(1).max(64).nullable().default(null),
  badges: z.array(z.object({ number: badgeNumberSchema, validUntil: isoDate.nullable().default(null) })).default([]),
});
export type SiteCardholder = z.infer<typeof siteCardholderSchema>;

export interface BadgeDto {
  number: string;
  state: BadgeState;
  validUntil: string | null;
  blockReason: BadgeBlockReason | null;
  blockNote: string | null;
  blockedAt: string | null;
  blockedBy: string | null;
}

export interface CardholderDto {
  id: string;
  siteId: string;
  externalId: string;
  name: string;
  kind: CardholderKind;
  organisationId: string | null;
  /** Presence / access-log group: organisation id, `visitor` or `contractor`. */
  organisation: string | null;
  bhv: ResponderFunction[];
  username: string | null;
  badges: BadgeDto[];
}

export const cardholdersQuerySchema = z.object({
  siteId: z.string().regex(idPattern).optional(),
  organisation: z.string().max(64).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** Columns of the HR export that `POST /cardholders/import` takes (header row required). */
export const cardholderImportColumns = ['external_id', 'name', 'kind', 'organisation', 'bhv', 'username', 'badges', 'valid_until'] as const;
export const cardholderImportRequiredColumns = ['external_id', 'name', 'badges'] as const;

export const cardholderImportQuerySchema = z.object({
  siteId: z.string().regex(idPattern),
  /** `true`: check the file and report, change nothing. */
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export interface ImportRejection {
  /** Line in the file (1 is the header). */
  line: number;
  column: string | null;
  reason: string;
}

export interface CardholderImportReport {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  badgesAdded: number;
  /** Every refused row and why; when not empty, nothing was imported. */
  rejected: ImportRejection[];
}

export const blockBadgeSchema = z
  .object({
    reason: z.enum(badgeBlockReasons),
    note: z.string().trim().max(500).default(''),
  })
  .refine((b) => b.reason !== 'other' || b.note.length > 0, { message: 'a note is required when the reason is other', path: ['note'] });
export type BlockBadgeRequest = z.input<typeof blockBadgeSchema>;

export type DoorConfirmationState = 'queued' | 'sent' | 'acked' | 'failed';

export interface BadgeDetailDto {
  badge: BadgeDto;
  cardholder: { id: string; name: string; organisation: string | null } | null;
  /** The last block or unblock and, per door controller of the site, whether it confirmed. */
  lastAction: {
    action: 'block' | 'unblock';
    at: string;
    actor: string;
    reason: BadgeBlockReason | null;
    doors: { doorId: string; doorName: string; state: DoorConfirmationState; ackedAt: string | null; error: string | null }[];
    /** Every door controller acknowledged. */
    confirmed: boolean;
  } | null;
}

// ---- access log ------------------------------------------------------------------------------
export const accessResults = ['granted', 'denied'] as const;
export type AccessResult = (typeof accessResults)[number];
export type AccessDenialReason = (typeof accessDenialReasons)[number];

/** Plain-language reasons, Dutch and English. */
export const accessReasonTexts: Record<AccessDenialReason | 'granted', { nl: string; en: string }> = {
  granted: { nl: 'Toegang verleend', en: 'Access granted' },
  unknown_badge: { nl: 'Onbekende pas', en: 'Unknown badge' },
  blocked: { nl: 'Pas geblokkeerd', en: 'Badge blocked' },
  expired: { nl: 'Pas verlopen', en: 'Badge expired' },
  outside_schedule: { nl: 'Buiten toegangstijden', en: 'Outside the access schedule' },
  no_permission: { nl: 'Geen toegang tot deze deur', en: 'No permission for this door' },
};

const timestampParam = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with zone' });
const accessLogFilterFields = z.object({
    doorId: z.string().regex(idPattern, 'must be a device id').optional(),
    cardholderId: z.uuid({ message: 'must be a UUID' }).optional(),
    badge: badgeNumberSchema.optional(),
    organisation: z.string().regex(idPattern, 'must be an organisation id, visitor or contractor').optional(),
    result: z.enum(accessResults).optional(),
    reason: z.enum(accessDenialReasons).optional(),
    from: timestampParam.optional(),
    to: timestampParam.optional(),
    /** Why names are needed; without it names are pseudonymised. Recorded in the audit log. */
    purpose: z.string().trim().min(5, 'a purpose needs at least 5 characters').max(500).optional(),
});
const fromBeforeTo = [
  (f: { from?: string; to?: string }) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to),
  { message: 'from must not be after to', path: ['from'] as PropertyKey[] },
] as const;
export type AccessLogFilter = z.output<typeof accessLogFilterFields>;

export const accessLogQuerySchema = accessLogFilterFields
  .extend({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine(...fromBeforeTo);
export const accessLogExportQuerySchema = accessLogFilterFields.extend({ lang: z.enum(['nl', 'en']).default('nl') }).refine(...fromBeforeTo);

export interface AccessLogEntryDto {
  id: string;
  /** Door controller's clock (ISO). */
  ts: string;
  receivedAt: string;
  siteId: string;
  doorId: string;
  doorName: string;
  badge: string;
  direction: 'in' | 'out';
  result: AccessResult;
  reason: AccessDenialReason | null;
  reasonText: { nl: string; en: string };
  cardholderId: string | null;
  /** The name, or a stable pseudonym (`Persoon 1a2b3c4d`) when no purpose was given. */
  cardholderName: string | null;
  organisation: string | null;
}

export interface AccessLogPageDto {
  entries: AccessLogEntryDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  pseudonymised: boolean;
}

// ---- audit -----------------------------------------------------------------------------------
export const auditActions = [
  'access_log.search',
  'access_log.person',
  'access_log.export',
  'cardholders.import',
  'retention.delete',
  'incident.register',
  'incident.view',
  'incident.follow_up.view',
  'incident.follow_up.update',
  'evaluation.report',
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditQuerySchema = z.object({
  from: timestampParam.optional(),
  to: timestampParam.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export interface AuditEntryDto {
  id: string;
  at: string;
  /** Username, or `system` for the retention job. */
  actor: string;
  action: AuditAction;
  filter: Record<string, unknown>;
  purpose: string | null;
  rowCount: number | null;
}

// ---- presence --------------------------------------------------------------------------------
export const presenceQuerySchema = z.object({ siteId: z.string().regex(idPattern, 'must be a site id') });

export interface LastSeenDto {
  doorId: string;
  doorName: string;
  at: string;
  direction: 'in' | 'out';
}

export interface PresentPersonDto {
  cardholderId: string;
  name: string;
  kind: CardholderKind;
  bhv: ResponderFunction[];
  lastSeen: LastSeenDto;
}

export interface PresenceDto {
  siteId: string;
  /** Start of the presence day (the site's daily reset). */
  since: string;
  /** False when nobody has badged since the reset: presence is unknown, not zero. */
  known: boolean;
  total: number;
  organisations: { id: string; name: string; count: number; people: PresentPersonDto[] }[];
  /** Badged in before the reset and never out: where they were last seen. */
  notBadgedOut: PresentPersonDto[];
}

// ---- evacuation roll call --------------------------------------------------------------------
export const startEvacuationSchema = z.object({ siteId: z.string().regex(idPattern, 'must be a site id') });
export const accountedSchema = z.object({ cardholderId: z.uuid({ message: 'must be a UUID' }) });
/** GET /api/v1/evacuations: a phone opened after the start finds the running roll call. */
export const evacuationsQuerySchema = z.object({
  status: z.enum(['active', 'closed']).optional(),
  siteId: z.string().regex(idPattern, 'must be a site id').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const evacuationPersonStatuses = ['missing', 'accounted', 'left'] as const;
export type EvacuationPersonStatus = (typeof evacuationPersonStatuses)[number];

export interface EvacuationPersonDto {
  cardholderId: string;
  name: string;
  status: EvacuationPersonStatus;
  lastSeen: LastSeenDto | null;
  accountedBy: string | null;
  accountedAt: string | null;
  leftAt: string | null;
}

export interface EvacuationDto {
  id: string;
  siteId: string;
  status: 'active' | 'closed';
  startedAt: string;
  startedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  counts: { total: number; missing: number; accounted: number; left: number };
  organisations: { id: string; name: string; people: EvacuationPersonDto[] }[];
}

// ---- site file -------------------------------------------------------------------------------
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM');
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const doorRulesSchema = z.object({
  /** This many denials at the door within `denialWindowSeconds` raise an incident. */
  denialThreshold: z.number().int().min(1).max(1000).default(3),
  denialWindowSeconds: z.number().int().min(1).max(3600).default(60),
  /** A granted access outside the site's opening hours raises an incident. */
  outsideHours: z.boolean().default(false),
});
export type DoorRules = z.infer<typeof doorRulesSchema>;

export const openingHoursSchema = z.partialRecord(
  z.enum(weekdays),
  z.array(z.object({ open: clock, close: clock }).refine((p) => p.open < p.close, { message: 'open must be before close' })),
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const siteAccessSchema = z.object({
  /** Days an access-log row is kept (AVG); the retention job deletes older ones. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** Local time at which presence starts a new day (who never badged out is no longer counted). */
  presenceResetTime: clock.default('04:00'),
  /** Per weekday, the periods the site is open (site time zone). A day not listed is closed all day. */
  openingHours: openingHoursSchema.default({}),
  /** Rules for every door, and overrides per door id. */
  doorRules: doorRulesSchema.default({ denialThreshold: 3, denialWindowSeconds: 60, outsideHours: false }),
  doors: z.record(z.string().regex(idPattern), doorRulesSchema.partial()).default({}),
});
export type SiteAccess = z.infer<typeof siteAccessSchema>;
