/**
 * SMS and voice through an HTTP gateway: a JSON POST to SMS_WEBHOOK_URL, signed with
 * HMAC-SHA256 over `<timestamp>.<body>` with SMS_WEBHOOK_SECRET (see docs/dispatch.md).
 */
import { createHmac } from 'node:crypto';
import type { DispatchChannel } from '@wachtpost/contracts';
import type { AppConfig } from '../../../config/config';
import type { Channel, Contact, OutgoingMessage } from './channel';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookChannel implements Channel {
  constructor(
    readonly name: Extract<DispatchChannel, 'sms' | 'voice'>,
    private readonly config: AppConfig,
  ) {}

  unavailable(recipient: Contact): string | null {
    if (!this.config.dispatch.smsWebhookUrl) return `${this.name} is not configured (SMS_WEBHOOK_URL)`;
    return recipient.phone ? null : 'no phone number';
  }

  async send(m: OutgoingMessage): Promise<void> {
    const { smsWebhookUrl, smsWebhookSecret } = this.config.dispatch;
    if (!smsWebhookUrl || !m.recipient.phone) throw new Error(`${this.name} is not available`);
    const body = JSON.stringify({
      deliveryId: m.deliveryId,
      alertId: m.alertId,
      channel: this.name,
      kind: m.kind,
      drill: m.drill,
      to: m.recipient.phone,
      text: m.text,
      link: m.link,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(smsWebhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-wachtpost-timestamp': timestamp,
        'x-wachtpost-signature': signWebhook(smsWebhookSecret, timestamp, body),
        'idempotency-key': m.deliveryId,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`gateway answered ${res.status}`);
  }
}
