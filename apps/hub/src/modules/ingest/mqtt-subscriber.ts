/**
 * The hub's MQTT subscriber: N connections with fixed client ids and persistent sessions
 * (clean: false) in one shared subscription, so the broker keeps what devices send while the
 * hub is down and spreads the load over the connections. Each connection holds its PUBACK
 * until the message is committed: mqtt.js sends it only when handleMessage's callback runs.
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
      client.handleMessage = (packet, done) => {
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        this.onMessage({ topic: packet.topic, payload, ack: () => done() });
      };
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
