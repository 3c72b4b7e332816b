import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

export function connectMqtt(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
}

/** Removes persistent sessions left by a hub under test, so the broker stops queueing for them. */
export async function clearSessions(url: string, clientIds: string[]): Promise<void> {
  await Promise.all(
    clientIds.map(async (clientId) => {
      const c = await connectMqtt(url, { clientId, clean: true }).catch(() => null);
      await c?.endAsync();
    }),
  );
}

/** Collects messages on a topic filter. */
export async function collect(url: string, filter: string): Promise<{ messages: { topic: string; payload: string }[]; close: () => Promise<void> }> {
  const client = await connectMqtt(url);
  const messages: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: payload.toString() }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { messages, close: () => client.endAsync() };
}
