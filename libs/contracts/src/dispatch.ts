/** BHV dispatch: scenarios, alerts, rounds, deliveries and responses (REST, socket, site file). */
import { z } from 'zod';
import { idPattern } from './device';

export const responderFunctions = ['bhv', 'first_aid', 'evacuation', 'head_bhv'] as const;
export const responderFunctionSchema = z.enum(responderFunctions);
export type ResponderFunction = z.infer<typeof responderFunctionSchema>;

export const dispatchChannels = ['inapp', 'push', 'email', 'sms', 'voice'] as const;
export const dispatchChannelSchema = z.enum(dispatchChannels);
export type DispatchChannel = z.infer<typeof dispatchChannelSchema>;

/** Who a round reaches: responders present on site (falls back to everyone when presence is unknown) or all of them. */
export const roundTargets = ['present', 'all'] as const;

export const scenarioRoundSchema = z.object({
  target: z.enum(roundTargets),
  /** Responders holding any of these functions. */
  functions: z.array(responderFunctionSchema).min(1),
  channels: z.array(dispatchChannelSchema).min(1),
  /** How long to wait for the quorum before the next round. */
  waitSeconds: z.number().int().min(1).max(3600),
});
export type ScenarioRound = z.infer<typeof scenarioRoundSchema>;

export const scenarioSchema = z.object({
  id: z.string().regex(idPattern),
  name: z.string().min(1),
  trigger: z.object({
    /** Incident types that start this scenario automatically. */
    incidentTypes: z.array(z.string()).default([]),
    /** Limit the automatic start to these devices (empty: any). */
    deviceIds: z.array(z.string()).default([]),
    /** Limit the automatic start to incidents in these rooms (empty: any). */
    roomIds: z.array(z.string()).default([]),
  }),
  /** `{type} {room} {floor} {time} {site}` are filled in. */
  message: z.string().min(1).max(500),
  /** Confirmations needed per function before the others may stand down. */
  quorum: z.partialRecord(responderFunctionSchema, z.number().int().min(1).max(1000)),
  rounds: z.array(scenarioRoundSchema).min(1).max(10),
  drill: z.boolean().default(false),
  /** Starting this scenario also starts an evacuation roll call of everyone present. */
  rollCall: z.boolean().default(false),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export const siteResponderSchema = z.object({
  /** The user who answers (a user with the bhv role). */
  username: z.string().min(1),
  organisationId: z.string().regex(idPattern),
  functions: z.array(responderFunctionSchema).min(1),
  phone: z.string().max(32).nullable().default(null),
  email: z.email().nullable().default(null),
});
export type SiteResponder = z.infer<typeof siteResponderSchema>;

export const alertStatuses = ['active', 'quorum_met', 'all_clear'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export const responseAnswers = ['coming', 'cannot', 'on_scene'] as const;
export type ResponseAnswer = (typeof responseAnswers)[number];
export const deliveryStates = ['queued', 'sent', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof deliveryStates)[number];
export const deliveryKinds = ['alert', 'stand_down', 'all_clear'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

export const startAlertSchema = z.object({
  scenarioId: z.string().regex(idPattern),
  incidentId: z.uuid().optional(),
  drill: z.boolean().optional(),
});
export type StartAlertRequest = z.infer<typeof startAlertSchema>;

export const alertsQuerySchema = z.object({
  incidentId: z.uuid().optional(),
  status: z.enum(alertStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const respondSchema = z.object({
  answer: z.enum(responseAnswers),
  etaMinutes: z.number().int().min(0).max(240).optional(),
});
export type RespondRequest = z.infer<typeof respondSchema>;

export interface ScenarioDto extends Scenario {
  siteId: string;
}

export interface DeliveryDto {
  id: string;
  channel: DispatchChannel;
  kind: DeliveryKind;
  round: number;
  state: DeliveryState;
  attempts: number;
  error: string | null;
  sentAt: string | null;
}

export interface AlertRecipientDto {
  userId: string;
  username: string;
  displayName: string;
  organisationId: string;
  functions: ResponderFunction[];
  round: number;
  answer: ResponseAnswer | 'pending';
  etaMinutes: number | null;
  answeredAt: string | null;
  deliveries: DeliveryDto[];
}

export interface QuorumDto {
  function: ResponderFunction;
  needed: number;
  confirmed: number;
}

export interface AlertLogEntryDto {
  at: string;
  kind: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface AlertDto {
  id: string;
  siteId: string;
  scenarioId: string;
  scenarioName: string;
  incidentId: string | null;
  /** The organisation of the room it is for (null for shared rooms and alerts without a place): team leads see only theirs. */
  organisationId: string | null;
  drill: boolean;
  status: AlertStatus;
  message: string;
  round: number;
  rounds: number;
  /** When the next round starts unless the quorum is met (ISO); null when no round is pending. */
  nextRoundAt: string | null;
  /** Every round was used and the quorum is still not met. */
  quorumWarning: boolean;
  quorum: QuorumDto[];
  startedAt: string;
  startedBy: string | null;
  /** Response figures (also the drill report): when the first "coming" and the quorum arrived. */
  firstComingAt: string | null;
  quorumMetAt: string | null;
  allClearAt: string | null;
  allClearBy: string | null;
}

export interface AlertDetailDto extends AlertDto {
  recipients: AlertRecipientDto[];
  log: AlertLogEntryDto[];
}

/** What a responder sees, through the app or a signed link: no other people's contact details. */
export interface ResponderViewDto {
  alert: Pick<AlertDto, 'id' | 'scenarioName' | 'drill' | 'status' | 'message' | 'startedAt' | 'quorum'>;
  place: { roomId: string | null; roomName: string | null; floorId: string | null; floorName: string | null };
  me: { username: string; displayName: string; answer: ResponseAnswer | 'pending'; etaMinutes: number | null };
  coming: { displayName: string; answer: ResponseAnswer; etaMinutes: number | null }[];
}
