/**
 * The broker's raw delivery ceiling: one bare mqtt.js subscriber, QoS 1, that only counts what
 * it receives (mqtt.js acknowledges each message on receipt). Nothing can store events faster
 * than this broker delivers them to one client on this machine.
 *
 * Started by the bench as a child process (see child.ts); reports 'done' with the time the
 * expected number of messages had arrived.
 */
import { connectAsync } from 'mqtt';
import { childConfig, runChild, tell, type ToChild } from './child';
import { nowMs } from './support';

export interface RawCeilingConfig {
  mqttUrl: string;
  clientId: string;
  /** Topic filter, e.g. wachtpost/v1/+/+/event */
  filter: string;
  /** Reports 'done' when this many messages have arrived. */
  expect: number;
}

async function main(): Promise<void> {
  const config = childConfig<RawCeilingConfig>();
  const client = await connectAsync(config.mqttUrl, { clientId: config.clientId, protocolVersion: 4, clean: true, reconnectPeriod: 0 });
  let count = 0;
  let firstAt = 0;
  let lastAt = 0;
  client.on('message', () => {
    lastAt = nowMs();
    if (++count === 1) firstAt = lastAt;
    if (count === config.expect) tell({ type: 'done', count, at: lastAt });
  });
  client.on('close', () => tell({ type: 'error', message: 'ceiling subscriber lost its connection' }));
  await client.subscribeAsync(config.filter, { qos: 1 });
  process.on('message', (m: ToChild) => {
    const stats = { received: count, firstAt, lastAt };
    if (m.type === 'stats') tell({ type: 'stats', stats });
    if (m.type === 'stop') {
      client.removeAllListeners('close');
      void client.endAsync().finally(() => {
        tell({ type: 'stopped', stats });
        process.disconnect?.();
      });
    }
  });
  tell({ type: 'ready' });
}

if (require.main === module) runChild(main);
