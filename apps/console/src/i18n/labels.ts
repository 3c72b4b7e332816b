/**
 * Message keys for the contracts' enumerations. Records over the contract types, so a new
 * enum value in libs/contracts fails the type check here until it has a text.
 */
import type {
  AccessDenialReason,
  AuditAction,
  BadgeBlockReason,
  BadgeState,
  CardholderKind,
  DoorConfirmationState,
  EvacuationPersonStatus,
  AlertStatus,
  DeliveryState,
  DeviceEventType,
  DispatchChannel,
  DeviceKind,
  EvaluationCategory,
  FollowUpStatus,
  IncidentOutcome,
  IncidentSource,
  IncidentStatus,
  IncidentType,
  QuarantineReason,
  ResponderFunction,
  ResponseAnswer,
  TimelineKind,
} from '@wachtpost/contracts';
import type { MarkerState } from '../features/devices/device-state';

export const incidentTypeKey: Record<IncidentType, string> = {
  'alarm.pressed': 'incidentType.alarmPressed',
  'door.forced': 'incidentType.doorForced',
  'door.held': 'incidentType.doorHeld',
  'device.offline': 'incidentType.deviceOffline',
  'device.unknown': 'incidentType.deviceUnknown',
  'device.tamper': 'incidentType.deviceTamper',
  'battery.low': 'incidentType.batteryLow',
  'dispatch.failed': 'incidentType.dispatchFailed',
  'access.repeated_denials': 'incidentType.accessRepeatedDenials',
  'access.blocked_badge': 'incidentType.accessBlockedBadge',
  'access.outside_hours': 'incidentType.accessOutsideHours',
  'incident.registered': 'incidentType.incidentRegistered',
};

export const incidentStatusKey: Record<IncidentStatus, string> = {
  open: 'status.open',
  acknowledged: 'status.acknowledged',
  resolved: 'status.resolved',
};

export const outcomeKey: Record<IncidentOutcome, string> = {
  genuine: 'outcome.genuine',
  false_alarm: 'outcome.false_alarm',
  technical: 'outcome.technical',
  test: 'outcome.test',
  other: 'outcome.other',
};

export const timelineKey: Record<TimelineKind, string> = {
  opened: 'timeline.opened',
  triggered: 'timeline.triggered',
  acknowledged: 'timeline.acknowledged',
  resolved: 'timeline.resolved',
  note: 'timeline.note',
  'command.queued': 'timeline.commandQueued',
  'command.acked': 'timeline.commandAcked',
  'command.failed': 'timeline.commandFailed',
  'device.online': 'timeline.deviceOnline',
};

export const eventTypeKey: Record<DeviceEventType, string> = {
  'alarm.pressed': 'eventType.alarmPressed',
  'alarm.reset': 'eventType.alarmReset',
  tamper: 'eventType.tamper',
  'battery.low': 'eventType.batteryLow',
  'access.granted': 'eventType.accessGranted',
  'access.denied': 'eventType.accessDenied',
  'door.opened': 'eventType.doorOpened',
  'door.closed': 'eventType.doorClosed',
  'door.forced': 'eventType.doorForced',
  'door.held': 'eventType.doorHeld',
};

export const quarantineReasonKey: Record<QuarantineReason, string> = {
  bad_topic: 'quarantineReason.bad_topic',
  too_large: 'quarantineReason.too_large',
  invalid_json: 'quarantineReason.invalid_json',
  not_an_object: 'quarantineReason.not_an_object',
  unknown_type: 'quarantineReason.unknown_type',
  invalid_fields: 'quarantineReason.invalid_fields',
  unknown_device: 'quarantineReason.unknown_device',
  site_mismatch: 'quarantineReason.site_mismatch',
};

export const deviceKindKey: Record<DeviceKind, string> = {
  'alarm-button': 'deviceKind.alarmButton',
  door: 'deviceKind.door',
};

export const markerStateKey: Record<MarkerState, string> = {
  idle: 'deviceState.idle',
  alarm: 'deviceState.alarm',
  acknowledged: 'deviceState.acknowledged',
  offline: 'deviceState.offline',
  'door-open': 'deviceState.doorOpen',
  'door-forced': 'deviceState.doorForced',
  'door-held': 'deviceState.doorHeld',
};

export const bhvFunctionKey: Record<ResponderFunction, string> = {
  bhv: 'bhvFunction.bhv',
  first_aid: 'bhvFunction.first_aid',
  evacuation: 'bhvFunction.evacuation',
  head_bhv: 'bhvFunction.head_bhv',
};

export const answerKey: Record<ResponseAnswer | 'pending', string> = {
  pending: 'answer.pending',
  coming: 'answer.coming',
  cannot: 'answer.cannot',
  on_scene: 'answer.on_scene',
};

export const deliveryStateKey: Record<DeliveryState, string> = {
  queued: 'deliveryState.queued',
  sent: 'deliveryState.sent',
  failed: 'deliveryState.failed',
  skipped: 'deliveryState.skipped',
};

export const channelKey: Record<DispatchChannel, string> = {
  inapp: 'channel.inapp',
  push: 'channel.push',
  email: 'channel.email',
  sms: 'channel.sms',
  voice: 'channel.voice',
};

export const alertStatusKey: Record<AlertStatus, string> = {
  active: 'dispatch.status.active',
  quorum_met: 'dispatch.status.quorum_met',
  all_clear: 'dispatch.status.all_clear',
};

export const badgeStateKey: Record<BadgeState, string> = {
  active: 'badgeState.active',
  blocked: 'badgeState.blocked',
  expired: 'badgeState.expired',
};

export const blockReasonKey: Record<BadgeBlockReason, string> = {
  lost: 'blockReason.lost',
  stolen: 'blockReason.stolen',
  building_ban: 'blockReason.building_ban',
  left_organisation: 'blockReason.left_organisation',
  other: 'blockReason.other',
};

export const doorConfirmationKey: Record<DoorConfirmationState, string> = {
  queued: 'doorConfirmation.queued',
  sent: 'doorConfirmation.sent',
  acked: 'doorConfirmation.acked',
  failed: 'doorConfirmation.failed',
};

export const cardholderKindKey: Record<CardholderKind, string> = {
  staff: 'cardholderKind.staff',
  visitor: 'cardholderKind.visitor',
  contractor: 'cardholderKind.contractor',
};

export const auditActionKey: Record<AuditAction, string> = {
  'access_log.search': 'auditAction.search',
  'access_log.person': 'auditAction.person',
  'access_log.export': 'auditAction.export',
  'cardholders.import': 'auditAction.import',
  'retention.delete': 'auditAction.retention',
  'incident.register': 'auditAction.incidentRegister',
  'incident.view': 'auditAction.incidentView',
  'incident.follow_up.view': 'auditAction.followUpView',
  'incident.follow_up.update': 'auditAction.followUpUpdate',
  'evaluation.report': 'auditAction.evaluationReport',
};

/** Every category, with `uncategorised` for what the evaluation could not place. */
export const incidentCategoryKey: Record<EvaluationCategory, string> = {
  verbal_aggression: 'category.verbal_aggression',
  threat: 'category.threat',
  physical_aggression: 'category.physical_aggression',
  intimidation: 'category.intimidation',
  sexual_intimidation: 'category.sexual_intimidation',
  discrimination: 'category.discrimination',
  vandalism: 'category.vandalism',
  bribery: 'category.bribery',
  medical: 'category.medical',
  fire: 'category.fire',
  technical: 'category.technical',
  false_alarm: 'category.false_alarm',
  drill: 'category.drill',
  uncategorised: 'category.uncategorised',
};

export const followUpStatusKey: Record<FollowUpStatus, string> = {
  open: 'followUpStatus.open',
  follow_up_done: 'followUpStatus.follow_up_done',
  closed: 'followUpStatus.closed',
};

export const incidentSourceKey: Record<IncidentSource, string> = {
  alarm: 'incidentSource.alarm',
  door: 'incidentSource.door',
  manual: 'incidentSource.manual',
};

export const rollCallStatusKey: Record<EvacuationPersonStatus, string> = {
  missing: 'rollCall.missing',
  accounted: 'rollCall.accounted',
  left: 'rollCall.left',
};

/** Denial reasons in the form's select; the row itself shows the hub's plain-language text. */
export const denialReasons: AccessDenialReason[] = ['unknown_badge', 'blocked', 'expired', 'outside_schedule', 'no_permission'];

/** Unknown values from a newer hub are shown as they are rather than as a missing key. */
export function keyOr<K extends string>(map: Record<K, string>, value: string): string | null {
  return Object.prototype.hasOwnProperty.call(map, value) ? map[value as K] : null;
}
