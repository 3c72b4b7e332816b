/**
 * Device contract, version 1 (MQTT). The one definition of what the on-site hardware speaks;
 * see docs/device-contract.md for the prose.
 */
import { z } from 'zod';

export const CONTRACT_VERSION = 'v1';
export const TOPIC_ROOT = `wachtpost/${CONTRACT_VERSION}`;
/** Payloads larger than this are quarantined unread. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
export const DEFAULT_HEARTBEAT_SECONDS = 30;

export const idPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const eventIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

export const deviceKinds = ['alarm-button', 'door'] as const;
export const deviceKindSchema = z.enum(deviceKinds);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

export const deviceChannels = ['event', 'status', 'cmd', 'cmd/ack'] as const;
export type DeviceChannel = (typeof deviceChannels)[number];

export interface DeviceTopic {
  siteId: string;
  deviceId: string;
  channel: DeviceChannel;
}

export function deviceTopic(siteId: string, deviceId: string, channel: DeviceChannel): string {
  return `${TOPIC_ROOT}/${siteId}/${deviceId}/${channel}`;
}

/** Parses `wachtpost/v1/{siteId}/{deviceId}/{channel}`; null when the topic is outside the scheme. */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  const parts = topic.split('/');
  if (parts.length < 5 || parts.length > 6) return null;
  const [root, version, siteId, deviceId, ...rest] = parts;
  if (root !== 'wachtpost' || version !== CONTRACT_VERSION) return null;
  if (!siteId || !deviceId || !idPattern.test(siteId) || !idPattern.test(deviceId)) return null;
  const channel = rest.join('/');
  if (!(deviceChannels as readonly string[]).includes(channel)) return null;
  return { siteId, deviceId, channel: channel as DeviceChannel };
}

const timestamp = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp with zone' });
const badge = z.string().min(1).max(64);
const direction = z.enum(['in', 'out']);

const base = {
  eventId: z.string().regex(eventIdPattern, 'must be 8-64 characters of A-Z, a-z, 0-9, _ or -'),
  ts: timestamp,
};
const tamper = z.object({ ...base, type: z.literal('tamper'), state: z.enum(['open', 'closed']) });

export const alarmButtonEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('alarm.pressed'), silent: z.boolean().optional() }),
  z.object({ ...base, type: z.literal('alarm.reset') }),
  tamper,
  z.object({ ...base, type: z.literal('battery.low'), level: z.number().int().min(0).max(100) }),
]);

export const accessDenialReasons = [
  'unknown_badge',
  'blocked',
  'expired',
  'outside_schedule',
  'no_permission',
] as const;

export const doorEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('access.granted'), badge, direction }),
  z.object({ ...base, type: z.literal('access.denied'), badge, direction, reason: z.enum(accessDenialReasons) }),
  z.object({ ...base, type: z.literal('door.opened') }),
  z.object({ ...base, type: z.literal('door.closed') }),
  z.object({ ...base, type: z.literal('door.forced') }),
  z.object({ ...base, type: z.literal('door.held'), seconds: z.number().int().min(1) }),
  tamper,
]);

export type AlarmButtonEvent = z.infer<typeof alarmButtonEventSchema>;
export type DoorEvent = z.infer<typeof doorEventSchema>;
export type DeviceEvent = AlarmButtonEvent | DoorEvent;
export type DeviceEventType = DeviceEvent['type'];

export const eventTypesByKind: Record<DeviceKind, readonly DeviceEventType[]> = {
  'alarm-button': ['alarm.pressed', 'alarm.reset', 'tamper', 'battery.low'],
  door: ['access.granted', 'access.denied', 'door.opened', 'door.closed', 'door.forced', 'door.held', 'tamper'],
};

export function eventSchemaFor(kind: DeviceKind) {
  return kind === 'alarm-button' ? alarmButtonEventSchema : doorEventSchema;
}

export const deviceStatusSchema = z.object({
  online: z.boolean(),
  ts: timestamp.optional(),
  fw: z.string().max(64).optional(),
  battery: z.number().int().min(0).max(100).optional(),
  rssi: z.number().optional(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

const cmdBase = { cmdId: z.string().min(1).max(64) };
const badgeList = z.array(badge).min(1).max(1000);
export const deviceCommandSchema = z.discriminatedUnion('type', [
  z.object({ ...cmdBase, type: z.literal('alarm.acknowledged') }),
  z.object({ ...cmdBase, type: z.literal('alarm.cleared') }),
  z.object({ ...cmdBase, type: z.literal('door.unlock'), seconds: z.number().int().min(1).max(3600) }),
  z.object({ ...cmdBase, type: z.literal('badges.block'), badges: badgeList }),
  z.object({ ...cmdBase, type: z.literal('badges.unblock'), badges: badgeList }),
]);
export type DeviceCommand = z.infer<typeof deviceCommandSchema>;
export type DeviceCommandType = DeviceCommand['type'];
/** A command without its id: what a module asks the commands module to send. */
export type DeviceCommandBody = DeviceCommand extends infer C ? (C extends DeviceCommand ? Omit<C, 'cmdId'> : never) : never;

export const deviceCommandAckSchema = z.union([
  z.object({ cmdId: z.string().min(1).max(64), ok: z.literal(true) }),
  z.object({ cmdId: z.string().min(1).max(64), ok: z.literal(false), error: z.string().max(1000) }),
]);
export type DeviceCommandAck = z.infer<typeof deviceCommandAckSchema>;

/** Why a device message was quarantined instead of processed. */
export const quarantineReasons = [
  'bad_topic',
  'too_large',
  'invalid_json',
  'not_an_object',
  'unknown_type',
  'invalid_fields',
  'unknown_device',
  'site_mismatch',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];
