/**
 * The incident register (follow-up of every incident) and the periodic evaluation.
 * What each figure means and how it is computed: docs/evaluation.md.
 */
import { z } from 'zod';
import { idPattern } from './device';
import type { IncidentOutcome, IncidentType } from './api';

// ---- categories and statuses -----------------------------------------------------------------
export const incidentCategories = [
  'verbal_aggression',
  'threat',
  'physical_aggression',
  'intimidation',
  'sexual_intimidation',
  'discrimination',
  'vandalism',
  'bribery',
  'medical',
  'fire',
  'technical',
  'false_alarm',
  'drill',
] as const;
export type IncidentCategory = (typeof incidentCategories)[number];
export const incidentCategorySchema = z.enum(incidentCategories);

/** open → follow_up_done → closed; a closed or done follow-up can be reopened. */
export const followUpStatuses = ['open', 'follow_up_done', 'closed'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/** Where an incident in the register came from. */
export const incidentSources = ['alarm', 'door', 'manual'] as const;
export type IncidentSource = (typeof incidentSources)[number];

// ---- shared field shapes ---------------------------------------------------------------------
const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });
const shortText = z.string().trim().max(200);
const longText = z.string().trim().max(4000);
const orgId = z.string().regex(idPattern, 'must be an organisation id');

export const involvedEmployeeSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  /** Their job or team, e.g. "klantmanager". */
  role: shortText.default(''),
});
export type InvolvedEmployee = z.infer<typeof involvedEmployeeSchema>;

export const policeReportSchema = z.object({
  filedBy: z.enum(['employer', 'employee']),
  number: shortText.default(''),
  filedOn: isoDate.nullable().default(null),
});
export const aggressorTalkSchema = z.object({
  date: isoDate,
  by: shortText.min(1, 'who held the talk is required'),
});
export const buildingBanSchema = z
  .object({
    from: isoDate,
    until: isoDate,
    letterSent: z.boolean().default(false),
    /** The aggressor's cardholder record, when they hold a badge: every badge is blocked. */
    cardholderId: z.uuid().nullable().default(null),
  })
  .refine((b) => b.until >= b.from, { message: 'until must not be before from', path: ['until'] });
export const aftercareSchema = z.object({
  offered: z.boolean(),
  by: shortText.default(''),
  on: isoDate.nullable().default(null),
});

/** Every follow-up field; all optional in a PATCH, `null` clears a section. */
export const followUpFieldsSchema = z.object({
  category: incidentCategorySchema.nullable(),
  organisationId: orgId.nullable(),
  location: shortText,
  description: longText,
  employees: z.array(involvedEmployeeSchema).max(20),
  injury: z.boolean(),
  damage: z.boolean(),
  injuryDamageNote: longText,
  policeCalled: z.boolean(),
  policeReport: policeReportSchema.nullable(),
  aggressorTalk: aggressorTalkSchema.nullable(),
  buildingBan: buildingBanSchema.nullable(),
  aftercare: aftercareSchema.nullable(),
  measures: longText,
  lessonsLearned: longText,
  status: z.enum(followUpStatuses),
  /** Username of whoever owns the follow-up. */
  owner: z.string().trim().min(1).max(64).nullable(),
  dueDate: isoDate.nullable(),
});

export const followUpPatchSchema = followUpFieldsSchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' });
export type FollowUpPatch = z.input<typeof followUpPatchSchema>;

/** POST /api/v1/incidents: an incident that had no alarm (a threat by phone, aggression on a home visit). */
export const registerIncidentSchema = followUpFieldsSchema
  .partial()
  .extend({
    occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
    category: incidentCategorySchema,
    organisationId: orgId,
    siteId: z.string().regex(idPattern).optional(),
    /** A room of the site, when it happened in the building. */
    roomId: z.string().min(1).max(32).nullable().default(null),
    description: longText.min(1, 'a description is required'),
  })
  .refine((r) => Date.parse(r.occurredAt) <= Date.now() + 60_000, { message: 'occurredAt lies in the future', path: ['occurredAt'] });
export type RegisterIncidentRequest = z.input<typeof registerIncidentSchema>;

// ---- follow-up read models -------------------------------------------------------------------
interface FollowUpBase {
  incidentId: string;
  source: IncidentSource;
  type: IncidentType;
  occurredAt: string;
  siteId: string;
  deviceId: string | null;
  roomId: string | null;
  roomName: string | null;
  floorName: string | null;
  /** Set by the follow-up, else the room's organisation; null for shared rooms until assigned. */
  organisationId: string | null;
  /** The follow-up's category, else what the live outcome implies (false alarm, test → drill). */
  category: IncidentCategory | null;
  drill: boolean;
  liveOutcome: IncidentOutcome | null;
  status: FollowUpStatus;
  owner: string | null;
  dueDate: string | null;
  overdue: boolean;
  remindedAt: string | null;
  updatedAt: string | null;
}

/** In lists and reports: no names; each involved employee as a stable pseudonym. */
export interface FollowUpSummaryDto extends FollowUpBase {
  employeePseudonyms: string[];
  location: string;
}

/** The whole follow-up, names included; every read is audited. */
export interface FollowUpDto extends FollowUpBase, z.output<typeof followUpFieldsSchema> {
  updatedBy: string | null;
  /** The live response: when the alarm was acknowledged, the first BHV member came, the quorum met, resolved. */
  response: { acknowledgedAt: string | null; firstComingAt: string | null; quorumMetAt: string | null; resolvedAt: string | null };
  /** Badge numbers blocked for the building ban. */
  blockedBadges: string[];
  /** When retention erased the personal details (names, description, location); null while kept. */
  personalDataErasedAt: string | null;
  /** Who the building ban is for, when they hold a badge: so the manager sees whom they blocked. */
  bannedCardholder: { id: string; name: string; kind: 'staff' | 'visitor' | 'contractor' } | null;
}

export const followUpsQuerySchema = z.object({
  status: z.enum(followUpStatuses).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** An organisation, or `none`: incidents in shared rooms no one has been given yet (the coordinator's to assign). */
  organisation: z.union([z.literal('none'), orgId]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

// ---- evaluation ------------------------------------------------------------------------------
export const evaluationQuerySchema = z
  .object({
    /** First day of the period, in the site's time zone. */
    from: isoDate,
    /** Last day of the period (inclusive). */
    to: isoDate,
    organisation: orgId.optional(),
    siteId: z.string().regex(idPattern).optional(),
  })
  .refine((q) => q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000 * 3, { message: 'the period may be at most three years', path: ['to'] });
export type EvaluationQuery = z.input<typeof evaluationQuerySchema>;

/** Seconds from the press; percentiles by linear interpolation (percentile_cont). */
export interface DurationStat {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
export interface ResponseFigures {
  acknowledged: DurationStat;
  firstComing: DurationStat;
  quorum: DurationStat;
  resolved: DurationStat;
}

export type EvaluationCategory = IncidentCategory | 'uncategorised';

export interface EvaluationDto {
  siteId: string;
  timezone: string;
  organisationId: string | null;
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  /** Real incidents only: drills are in `drills`. */
  total: { count: number; previous: number };
  byCategory: { category: EvaluationCategory; count: number; previous: number }[];
  byRoom: { roomId: string | null; roomName: string | null; floorName: string | null; count: number }[];
  byFloor: { floorId: string | null; floorName: string | null; count: number }[];
  byPlace: { frontOffice: number; elsewhere: number };
  /** ISO weekday 1 (Monday) … 7, every day present. */
  byWeekday: { weekday: number; count: number }[];
  /** 0 … 23, every hour present. */
  byHour: { hour: number; count: number }[];
  /** Only the non-empty cells. */
  byWeekdayHour: { weekday: number; hour: number; count: number }[];
  response: ResponseFigures;
  falseAlarms: { deviceId: string; deviceName: string; roomName: string | null; alarms: number; falseAlarms: number; rate: number }[];
  followUp: { open: number; followUpDone: number; closed: number; overdue: number };
  overdue: { incidentId: string; category: IncidentCategory | null; dueDate: string; owner: string | null; daysOverdue: number; organisationId: string | null }[];
  drills: {
    count: number;
    response: ResponseFigures;
    items: { incidentId: string | null; alertId: string | null; at: string; roomName: string | null; firstComingSeconds: number | null; quorumSeconds: number | null }[];
  };
}
