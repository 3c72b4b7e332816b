/**
 * Local stand-ins for the outside world of dispatch: an SMTP server that keeps every message,
 * and an HTTP receiver for the SMS/voice webhook that checks its HMAC signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { freePort } from './env';

export interface CapturedMail {
  to: string[];
  headers: Record<string, string>;
  raw: string;
}

export async function startSmtp(): Promise<{ url: string; mails: CapturedMail[]; stop: () => Promise<void> }> {
  const mails: CapturedMail[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), headers, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, mails, stop: () => new Promise((r) => server.close(() => r())) };
}

export interface WebhookCall {
  body: { deliveryId: string; alertId: string; channel: string; kind: string; drill: boolean; to: string; text: string; link: string };
  signatureValid: boolean;
}

export async function startWebhookReceiver(secret: string): Promise<{ url: string; calls: WebhookCall[]; stop: () => Promise<void> }> {
  const calls: WebhookCall[] = [];
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-wachtpost-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-wachtpost-signature'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      calls.push({ body: JSON.parse(body) as WebhookCall['body'], signatureValid });
      res.writeHead(signatureValid ? 202 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/sms`, calls, stop: () => new Promise((r) => server.close(() => r())) };
}
