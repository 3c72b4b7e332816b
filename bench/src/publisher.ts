/**
 * Publishes a burst of valid door events as fast as the broker takes them: K connections, QoS 1,
 * at most `window` unacknowledged publishes per connection. The events are built and checked
 * against the contract's schema before the clock starts, so the timing is publishing only.
 */
import { deviceTopic, doorEventSchema, type DoorEvent, type SiteFile } from '@wachtpost/contracts';
import { rfc3339 } from '@wachtpost/devices-sim';
import { connect, type MqttClient } from 'mqtt';
import { nowMs } from './support';

export interface PreparedEvent {
  topic: string;
  payload: Buffer;
  deviceId: string;
  eventId: string;
}

/**
 * N `access.granted` events spread over the site's doors, with event ids `<runId>-<n>`, unique
 * per run (so the rows of one run can be told apart and counted).
 */
export function prepareDoorEvents(site: SiteFile, runId: string, count: number): PreparedEvent[] {
  const doors = site.devices.filter((d) => d.kind === 'door').map((d) => d.id);
  if (!doors.length) throw new Error(`site ${site.id} has no doors`);
  const ts = rfc3339();
  const events: PreparedEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const deviceId = doors[i % doors.length]!;
    const event: DoorEvent = {
      eventId: `${runId}-${String(i).padStart(7, '0')}`,
      ts,
      type: 'access.granted',
      badge: `B${String(100000 + (i % 5000))}`,
      direction: i % 2 ? 'in' : 'out',
    };
    const checked = doorEventSchema.parse(event);
    events[i] = { topic: deviceTopic(site.id, deviceId, 'event'), payload: Buffer.from(JSON.stringify(checked)), deviceId, eventId: event.eventId };
  }
  return events;
}

export interface PublishOptions {
  mqttUrl: string;
  /** Client ids are `<clientIdPrefix>-<k>`: fresh per run. */
  clientIdPrefix: string;
  connections: number;
  /** Unacknowledged publishes per connection. */
  window: number;
  /** Gives up (and rejects) after this long. */
  timeoutMs: number;
}

export interface PublishResult {
  published: number;
  /** From the first publish to the last PUBACK. */
  ms: number;
  startedAt: number;
  finishedAt: number;
}

export interface Publisher {
  /** Publishes every event; resolves when the broker acknowledged all of them. */
  publish(events: readonly PreparedEvent[], onStart?: (at: number) => void): Promise<PublishResult>;
  close(): Promise<void>;
}

export async function connectPublisher(options: PublishOptions): Promise<Publisher> {
  const clients: MqttClient[] = [];
  const closeAll = () => Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined))).then(() => undefined);
  try {
    for (let k = 0; k < options.connections; k++) {
      const client = connect(options.mqttUrl, {
        clientId: `${options.clientIdPrefix}-${k}`,
        protocolVersion: 4,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 5000,
      });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
        client.once('close', () => reject(new Error(`publisher ${k} could not connect to ${options.mqttUrl}`)));
      });
      client.removeAllListeners('error');
      client.removeAllListeners('close');
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  return {
    publish(events, onStart) {
      return new Promise<PublishResult>((resolve, reject) => {
        let next = 0;
        let acked = 0;
        let settled = false;
        const onClose = () => finish(new Error('a publisher connection closed before every event was acknowledged'));
        const finish = (err: Error | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          for (const c of clients) c.off('close', onClose);
          if (err) return reject(err);
          const finishedAt = nowMs();
          resolve({ published: acked, ms: finishedAt - startedAt, startedAt, finishedAt });
        };
        const timer = setTimeout(() => finish(new Error(`publishing ${events.length} events: only ${acked} acknowledged after ${options.timeoutMs} ms`)), options.timeoutMs);
        const startedAt = nowMs();
        onStart?.(startedAt);
        if (!events.length) return finish(null);
        const pump = (client: MqttClient, state: { inflight: number }) => {
          while (!settled && state.inflight < options.window && next < events.length) {
            const e = events[next++]!;
            state.inflight++;
            client.publish(e.topic, e.payload, { qos: 1 }, (err) => {
              state.inflight--;
              if (err) return finish(err);
              if (++acked === events.length) return finish(null);
              pump(client, state);
            });
          }
        };
        for (const client of clients) {
          client.on('close', onClose);
          pump(client, { inflight: 0 });
        }
      });
    },
    close: closeAll,
  };
}
