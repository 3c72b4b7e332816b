import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import type { Channel, Contact, OutgoingMessage } from './channel';

/** E-mail over SMTP (nodemailer); off without SMTP_URL. */
@Injectable()
export class EmailChannel implements Channel, OnModuleDestroy {
  readonly name = 'email' as const;
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.dispatch.smtpUrl ? createTransport(config.dispatch.smtpUrl) : null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  unavailable(recipient: Contact): string | null {
    if (!this.transport) return 'e-mail is not configured (SMTP_URL)';
    return recipient.email ? null : 'no e-mail address';
  }

  async send(m: OutgoingMessage): Promise<void> {
    if (!this.transport || !m.recipient.email) throw new Error('e-mail is not available');
    await this.transport.sendMail({
      from: this.config.dispatch.smtpFrom,
      to: m.recipient.email,
      subject: m.subject,
      text: `${m.text}\n\n${m.link}\n`,
      // One id per delivery: a retried send can be recognised as the same message.
      messageId: `<${m.deliveryId}@wachtpost>`,
      headers: { 'X-Wachtpost-Alert': m.alertId, 'X-Wachtpost-Kind': m.kind, 'X-Wachtpost-Drill': String(m.drill) },
    });
  }
}
