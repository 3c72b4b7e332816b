/**
 * Local stand-ins for the outside world of dispatch: an SMTP server that keeps every message,
 * and an HTTP receiver for the SMS/voice webhook that checks its HMAC signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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
  // A hub killed mid-session (the kill -9 tests) resets its SMTP connections: expected, not a test failure.
  server.on('error', () => undefined);
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

export interface PushCall {
  path: string;
  /** The VAPID JWT verified against the key in the request, for this endpoint's origin. */
  vapidValid: boolean;
  claims: Record<string, unknown>;
  encoding: string | undefined;
  bodyBytes: number;
}

/**
 * A Web Push endpoint over HTTPS (push services are HTTPS only): accepts what a push service
 * would and checks the VAPID signature (ES256 JWT in `Authorization: vapid t=…, k=…`) the way a
 * push service does. Its self-signed certificate is in `caFile`: give it to the hub as
 * NODE_EXTRA_CA_CERTS.
 */
export async function startPushEndpoint(): Promise<{ origin: string; caFile: string; calls: PushCall[]; stop: () => Promise<void> }> {
  const { createPublicKey, verify } = await import('node:crypto');
  const calls: PushCall[] = [];
  const port = await freePort();
  const origin = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-push-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const server = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = String(req.headers.authorization ?? '');
      const token = /t=([^,\s]+)/.exec(auth)?.[1] ?? '';
      const key = Buffer.from(/k=([^,\s]+)/.exec(auth)?.[1] ?? '', 'base64url');
      let vapidValid = false;
      let claims: Record<string, unknown> = {};
      try {
        const [h, p, s] = token.split('.') as [string, string, string];
        claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
        const jwk = { kty: 'EC', crv: 'P-256', x: key.subarray(1, 33).toString('base64url'), y: key.subarray(33, 65).toString('base64url') };
        const signed = verify('sha256', Buffer.from(`${h}.${p}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
        vapidValid = signed && claims.aud === origin && Number(claims.exp) * 1000 > Date.now();
      } catch {
        vapidValid = false;
      }
      calls.push({ path: req.url ?? '', vapidValid, claims, encoding: req.headers['content-encoding'], bodyBytes: Buffer.concat(chunks).length });
      res.writeHead(vapidValid ? 201 : 403).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin, caFile: path.join(dir, 'cert.pem'), calls, stop: () => new Promise((r) => server.close(() => { rmSync(dir, { recursive: true, force: true }); r(); })) };
}
