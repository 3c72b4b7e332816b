/** Helpers for the access-control end-to-end tests: a site file variant, door events, CSV uploads. */
import type { SiteFile } from '@wachtpost/contracts';
import type { MqttClient } from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './env';
import type { TestHub } from './hub';

export const SITE = 'stadhuis-tiel';

/** The sample site, changed by `mutate`, in a temporary file (floor plans point back at the originals). */
export function siteFileVariant(mutate: (site: SiteFile) => void): { file: string; remove: () => void } {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile;
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  mutate(site);
  const dir = mkdtempSync(path.join(tmpdir(), 'wachtpost-access-'));
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The sample site file as loaded (for badge numbers and names). */
export function sampleSite(): SiteFile {
  return JSON.parse(readFileSync(path.join(repoRoot, 'data/sites/stadhuis-tiel.json'), 'utf8')) as SiteFile;
}

let seq = 0;
export interface Swipe {
  badge: string;
  direction?: 'in' | 'out';
  /** Omitted: granted. */
  denied?: 'unknown_badge' | 'blocked' | 'expired' | 'outside_schedule' | 'no_permission';
  ts?: Date;
}

/** Publishes one access event as the door controller would (QoS 1); resolves once the broker has it. */
export async function swipe(client: MqttClient, door: string, s: Swipe): Promise<string> {
  const eventId = `acc-${process.pid}-${Date.now().toString(36)}-${++seq}`;
  const body = {
    eventId,
    ts: (s.ts ?? new Date()).toISOString(),
    type: s.denied ? 'access.denied' : 'access.granted',
    badge: s.badge,
    direction: s.direction ?? 'in',
    ...(s.denied && { reason: s.denied }),
  };
  await client.publishAsync(`wachtpost/v1/${SITE}/${door}/event`, JSON.stringify(body), { qos: 1 });
  return eventId;
}

/** POSTs a CSV body to the import as an HR system's upload would. */
export async function uploadCsv(hub: TestHub, token: string, body: string | Buffer, query = `siteId=${SITE}`, contentType = 'text/csv'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${hub.baseUrl}/api/v1/cardholders/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
