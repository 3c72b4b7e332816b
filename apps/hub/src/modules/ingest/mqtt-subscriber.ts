/**
 * The hub's MQTT subscriber: N connections with fixed client ids and persistent sessions
 * (clean: false) in one shared subscription, so the broker keeps what devices send while the
 * hub is down and spreads the load over the connections. No PUBACK leaves before its message
 * is committed (see holdAcksUntilStored).
 */
import { Logger } from '@nestjs/common';
import { TOPIC_ROOT } from '@wachtpost/contracts';
import * as mqtt from 'mqtt';

export interface InboundMessage {
  topic: string;
  payload: Buffer;
  /** Acknowledge to the broker; call only after the message is safely stored. */
  ack: () => void;
}

export interface SubscriberOptions {
  url: string;
  clientIdPrefix: string;
  shareGroup: string;
  connections: number;
}

export class MqttSubscriber {
  private readonly logger = new Logger(MqttSubscriber.name);
  private readonly clients: mqtt.MqttClient[] = [];

  constructor(
    private readonly options: SubscriberOptions,
    private readonly onMessage: (message: InboundMessage) => void,
  ) {}

  /** Everything under the contract's root: topics outside the scheme must reach quarantine too. */
  get filter(): string {
    return `$share/${this.options.shareGroup}/${TOPIC_ROOT.split('/')[0]}/#`;
  }

  start(): void {
    for (let i = 0; i < this.options.connections; i++) {
      const client = mqtt.connect(this.options.url, {
        clientId: `${this.options.clientIdPrefix}-${i}`,
        clean: false,
        protocolVersion: 4,
        reconnectPeriod: 1000,
        connectTimeout: 10_000,
        resubscribe: false,
      });
      holdAcksUntilStored(client, (message) => this.onMessage(message));
      // The session keeps the subscription; subscribing again on every connect is harmless and
      // covers a broker that lost its sessions.
      client.on('connect', () => {
        client.subscribe(this.filter, { qos: 1 }, (err) => {
          if (err) this.logger.error(`subscribe ${this.filter} on ${client.options.clientId}: ${err.message}`);
        });
      });
      client.on('error', (err) => this.logger.warn(`mqtt ${client.options.clientId}: ${err.message}`));
      this.clients.push(client);
    }
  }

  /** True while at least one connection is up. */
  get connected(): boolean {
    return this.clients.some((c) => c.connected);
  }

  async stop(): Promise<void> {
    // force: unacknowledged messages stay with the broker's session and come back on restart.
    await Promise.all(this.clients.map((c) => c.endAsync(true)));
  }
}

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

/**
 * Acknowledge after commit, without one-message-at-a-time. mqtt.js hands a connection's
 * messages to handleMessage one by one and sends each PUBACK when the callback runs, so holding
 * the callback until the commit would leave one message in flight per connection. Instead the
 * callback runs at once and the PUBACK it produces is held here, in a FIFO per connection, and
 * written only when its message — and every message before it, as MQTT wants acks in order —
 * is stored. The broker's in-flight window (max_inflight_messages) then bounds what is pending.
 * After a disconnect the held acks are dropped: the broker redelivers those messages to the
 * persistent session, and the unique event key makes the redelivery harmless.
 */
function holdAcksUntilStored(client: mqtt.MqttClient, onMessage: (message: InboundMessage) => void): void {
  interface Held {
    messageId: number;
    stored: boolean;
    write?: () => void;
  }
  let fifo: Held[] = [];
  const release = () => {
    while (fifo[0]?.stored && fifo[0].write) fifo.shift()!.write!();
  };
  const internals = client as unknown as { _sendPacket: SendPacket };
  const send = internals._sendPacket.bind(client);
  internals._sendPacket = (packet, cb, ...rest) => {
    const held = packet.cmd === 'puback' ? fifo.find((h) => h.messageId === packet.messageId && !h.write) : undefined;
    if (!held) return send(packet, cb, ...rest);
    held.write = () => send(packet, undefined, ...rest);
    cb?.(); // let mqtt.js go on with the next message
    release();
  };
  client.on('close', () => {
    fifo = [];
  });

  client.handleMessage = (packet, done) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (packet.qos === 1 && packet.messageId !== undefined) {
      const held: Held = { messageId: packet.messageId, stored: false };
      fifo.push(held);
      onMessage({ topic: packet.topic, payload, ack: () => { held.stored = true; release(); } });
      done();
    } else if (packet.qos === 2) {
      // QoS 2 (not used by devices): its PUBCOMP follows the callback, so hold the callback.
      onMessage({ topic: packet.topic, payload, ack: () => done() });
    } else {
      onMessage({ topic: packet.topic, payload, ack: () => undefined });
      done();
    }
  };
}
