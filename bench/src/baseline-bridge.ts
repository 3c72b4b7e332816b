/**
 * The baseline: the small mqtt.js → Postgres bridge a site might write by hand (or wire up in
 * Node-RED) instead of running the hub. One MQTT connection with mqtt.js's default behaviour,
 * which acknowledges each message on receipt, i.e. before it is stored; rows are buffered and
 * written with one multi-row INSERT every 100 ms or every 1,000 rows. No validation beyond
 * JSON.parse, no de-duplication, no reactions. A crash loses whatever was acknowledged but not
 * yet written: that is the point of comparison, not a design to copy.
 *
 * Started by the bench as a child process (see child.ts), against a scratch database.
 */
import { connectAsync } from 'mqtt';
import { Client } from 'pg';
import { childConfig, runChild, tell, type ToChild } from './child';

export interface BridgeConfig {
  mqttUrl: string;
  clientId: string;
  databaseUrl: string;
  table: string;
  filter: string;
  flushEveryMs: number;
  flushRows: number;
}

interface Row {
  deviceId: string;
  eventId: string;
  type: string;
  ts: string;
  payload: string;
}

async function main(): Promise<void> {
  const config = childConfig<BridgeConfig>();
  if (!/^[a-z_][a-z0-9_]*$/.test(config.table)) throw new Error(`bad table name ${config.table}`);
  const db = new Client({ connectionString: config.databaseUrl });
  await db.connect();
  await db.query(`CREATE TABLE IF NOT EXISTS ${config.table} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id text NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    ts timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    payload jsonb NOT NULL
  )`);

  const stats = { received: 0, unparsable: 0, inserted: 0, flushes: 0, failedRows: 0 };
  let buffer: Row[] = [];
  // One write at a time, in order (pg would queue them too, but that use is deprecated).
  let writes: Promise<unknown> = Promise.resolve();

  const flush = () => {
    if (!buffer.length) return;
    const rows = buffer;
    buffer = [];
    const params: string[] = [];
    const values = rows.map((r, i) => {
      params.push(r.deviceId, r.eventId, r.type, r.ts, r.payload);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    stats.flushes++;
    writes = writes
      .then(() => db.query(`INSERT INTO ${config.table} (device_id, event_id, type, ts, payload) VALUES ${values.join(', ')}`, params))
      .then(
        () => (stats.inserted += rows.length),
        (err: Error) => {
          stats.failedRows += rows.length;
          console.error(`baseline bridge: insert of ${rows.length} rows failed: ${err.message}`);
        },
      );
  };

  const mqtt = await connectAsync(config.mqttUrl, { clientId: config.clientId, protocolVersion: 4, clean: true, reconnectPeriod: 1000 });
  mqtt.on('message', (topic, payload) => {
    stats.received++;
    let body: { eventId?: unknown; ts?: unknown; type?: unknown };
    try {
      body = JSON.parse(payload.toString('utf8')) as typeof body;
    } catch {
      stats.unparsable++;
      return;
    }
    buffer.push({
      deviceId: topic.split('/')[3] ?? '',
      eventId: String(body.eventId),
      type: String(body.type),
      ts: String(body.ts),
      payload: payload.toString('utf8'),
    });
    if (buffer.length >= config.flushRows) flush();
  });
  const timer = setInterval(flush, config.flushEveryMs);
  await mqtt.subscribeAsync(config.filter, { qos: 1 });

  process.on('message', (m: ToChild) => {
    if (m.type === 'stats') tell({ type: 'stats', stats: { ...stats } });
    if (m.type === 'stop') {
      clearInterval(timer);
      void (async () => {
        await mqtt.endAsync().catch(() => undefined);
        flush();
        await writes;
        await db.end().catch(() => undefined);
        tell({ type: 'stopped', stats: { ...stats } });
        process.disconnect?.();
      })();
    }
  });
  tell({ type: 'ready' });
}

if (require.main === module) runChild(main);
