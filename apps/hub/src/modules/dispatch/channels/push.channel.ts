import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import * as webpush from 'web-push';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { SettingEntity } from '../../../database/setting.entity';
import { PushSubscriptionEntity } from '../push-subscription.entity';
import type { Channel, Contact, OutgoingMessage } from './channel';

const VAPID_KEY = 'vapid';

/** Web Push (VAPID) to every browser the responder subscribed; the keys are made on first use and kept. */
@Injectable()
export class PushChannel implements Channel {
  readonly name = 'push' as const;
  private keys?: Promise<{ publicKey: string; privateKey: string }>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The VAPID key pair: generated once, stored in settings, shared by every hub instance. */
  vapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
    this.keys ??= (async () => {
      const generated = webpush.generateVAPIDKeys();
      await this.db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [VAPID_KEY, JSON.stringify(generated)]);
      const row = await this.db.getRepository(SettingEntity).findOneByOrFail({ key: VAPID_KEY });
      return row.value as { publicKey: string; privateKey: string };
    })();
    return this.keys;
  }

  unavailable(recipient: Contact): string | null {
    return recipient.pushSubscriptions ? null : 'no push subscription';
  }

  async send(m: OutgoingMessage): Promise<void> {
    const keys = await this.vapidKeys();
    const subscriptions = await this.db.getRepository(PushSubscriptionEntity).findBy({ userId: m.recipient.userId });
    const payload = JSON.stringify({ title: m.subject, body: m.text, url: m.link, alertId: m.alertId, kind: m.kind, drill: m.drill });
    const results = await Promise.allSettled(
      subscriptions.map((s) =>
        webpush.sendNotification({ endpoint: s.endpoint, keys: s.keys }, payload, {
          vapidDetails: { subject: this.config.dispatch.vapidSubject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: 300,
          urgency: 'high',
          topic: m.deliveryId.replace(/-/g, '').slice(0, 32),
        }),
      ),
    );
    // Subscriptions the push service says are gone are removed; one that works is enough.
    for (const [i, r] of results.entries()) {
      const status = r.status === 'rejected' ? (r.reason as { statusCode?: number }).statusCode : undefined;
      if (status === 404 || status === 410) await this.db.getRepository(PushSubscriptionEntity).delete({ id: subscriptions[i]!.id });
    }
    if (!results.some((r) => r.status === 'fulfilled')) {
      const first = results.find((r) => r.status === 'rejected');
      throw new Error(`push failed: ${(first?.reason as Error | undefined)?.message ?? 'no subscription'}`);
    }
  }
}
