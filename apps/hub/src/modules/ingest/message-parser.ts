/**
 * Turns one MQTT message into what the hub does with it: an event, a status, a command ack, or
 * a quarantine entry with a reason. Pure: no I/O, so every bad-input case is unit-tested here.
 */
import {
  MAX_PAYLOAD_BYTES,
  deviceCommandAckSchema,
  deviceStatusSchema,
  eventSchemaFor,
  eventTypesByKind,
  parseDeviceTopic,
  type DeviceCommandAck,
  type DeviceEvent,
  type DeviceKind,
  type DeviceStatus,
  type QuarantineReason,
} from '@wachtpost/contracts';
import type { z } from 'zod';

export const PAYLOAD_HEAD_BYTES = 256;

export interface RegisteredDevice {
  id: string;
  siteId: string;
  kind: DeviceKind;
}

export interface QuarantineInput {
  topic: string;
  reason: QuarantineReason;
  detail: string;
  payloadHead: string;
  size: number;
}

export type ParsedMessage =
  | { kind: 'event'; device: RegisteredDevice; event: DeviceEvent; payload: Record<string, unknown> }
  | { kind: 'status'; device: RegisteredDevice; status: DeviceStatus }
  | { kind: 'ack'; device: RegisteredDevice; ack: DeviceCommandAck }
  /** The hub's own command topic: nothing to do. */
  | { kind: 'own' }
  | { kind: 'quarantine'; entry: QuarantineInput; unknownDevice?: { siteId: string; deviceId: string } };

/** Postgres text and jsonb cannot hold U+0000; invalid UTF-8 becomes U+FFFD. */
export function payloadHead(payload: Buffer): string {
  return payload.subarray(0, PAYLOAD_HEAD_BYTES).toString('utf8').replace(/\u0000/g, '\uFFFD');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function parseDeviceMessage(
  topic: string,
  payload: Buffer,
  lookup: (deviceId: string) => RegisteredDevice | undefined,
): ParsedMessage {
  const quarantine = (reason: QuarantineReason, detail: string): ParsedMessage => ({
    kind: 'quarantine',
    entry: { topic: topic.replace(/\u0000/g, '\uFFFD'), reason, detail, payloadHead: payloadHead(payload), size: payload.length },
  });

  if (payload.length > MAX_PAYLOAD_BYTES) {
    return quarantine('too_large', `payload is ${payload.length} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  const parsedTopic = parseDeviceTopic(topic);
  if (!parsedTopic) return quarantine('bad_topic', 'topic is not wachtpost/v1/{siteId}/{deviceId}/{event|status|cmd/ack}');
  const { siteId, deviceId, channel } = parsedTopic;
  if (channel === 'cmd') return { kind: 'own' };

  const device = lookup(deviceId);
  if (!device) {
    return { ...(quarantine('unknown_device', `device ${deviceId} is not registered`) as Extract<ParsedMessage, { kind: 'quarantine' }>), unknownDevice: { siteId, deviceId } };
  }
  if (device.siteId !== siteId) {
    return quarantine('site_mismatch', `device ${deviceId} is registered at site ${device.siteId}, not ${siteId}`);
  }

  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return quarantine('invalid_json', `not valid JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return quarantine('not_an_object', 'payload must be a JSON object');
  }
  const canonical = JSON.stringify(body);
  if (canonical.includes('\\u0000') || /\\ud[89a-f][0-9a-f]{2}/i.test(canonical)) {
    return quarantine('invalid_fields', 'payload contains a NUL character or an unpaired surrogate');
  }
  const object = body as Record<string, unknown>;

  switch (channel) {
    case 'event': {
      const type = object.type;
      if (typeof type !== 'string' || !(eventTypesByKind[device.kind] as readonly string[]).includes(type)) {
        return quarantine(
          'unknown_type',
          typeof type === 'string' ? `type "${type.slice(0, 64)}" is not an event of a ${device.kind}` : 'type is missing',
        );
      }
      const result = eventSchemaFor(device.kind).safeParse(object);
      if (!result.success) return quarantine('invalid_fields', describeIssues(result.error));
      return { kind: 'event', device, event: result.data, payload: object };
    }
    case 'status': {
      const result = deviceStatusSchema.safeParse(object);
      if (!result.success) return quarantine('invalid_fields', describeIssues(result.error));
      return { kind: 'status', device, status: result.data };
    }
    case 'cmd/ack': {
      const result = deviceCommandAckSchema.safeParse(object);
      if (!result.success) return quarantine('invalid_fields', describeIssues(result.error));
      return { kind: 'ack', device, ack: result.data };
    }
  }
}
