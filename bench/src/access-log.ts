/**
 * The access log at the size of a year of a large campus: BENCH_ACCESS_ROWS (10 million) rows,
 * then filtered pages through the public REST API (auth, audit write and all), each filter
 * BENCH_ACCESS_REPEATS times: p50 / p95 / max, against the target of p95 < 200 ms.
 * Run: node bench/dist/bench/src/access-log.js (part of `npm run bench`).
 */
import type { AccessLogPageDto, SiteFile } from '@wachtpost/contracts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TestHub } from '../../tests/support/hub';
import { envInt, nowMs, repoRoot, summarize, useRealRepoRootInTestSupport, type Summary } from './support';

const ROWS = envInt('BENCH_ACCESS_ROWS', 10_000_000);
const REPEATS = envInt('BENCH_ACCESS_REPEATS', 20);
const SPAN_DAYS = 365;

function benchSite(dir: string): string {
  const sitePath = path.join(repoRoot, 'data/sites/stadhuis-tiel.json');
  const site = JSON.parse(readFileSync(sitePath, 'utf8')) as SiteFile & { access?: Record<string, unknown> };
  for (const floor of site.floors) floor.plan = path.resolve(path.dirname(sitePath), floor.plan);
  // Keep the whole year: the retention job must not delete what is being measured.
  site.access = { ...(site.access ?? {}), retentionDays: SPAN_DAYS + 30 };
  const file = path.join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

/** Fills access_log with ROWS rows over a year: indexes dropped, one INSERT … SELECT, indexes rebuilt. */
async function fill(databaseUrl: string): Promise<{ seconds: number; indexSeconds: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const t0 = nowMs();
    const indexes = (
      await db.query<{ indexdef: string; indexname: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'access_log' AND indexname LIKE 'ix_%'`)
    ).rows;
    for (const ix of indexes) await db.query(`DROP INDEX ${ix.indexname}`);
    await db.query(`CREATE TEMP TABLE bpool AS
      SELECT row_number() OVER (ORDER BY b.number) AS n, b.number AS badge, c.id AS cardholder_id,
             CASE WHEN c.kind = 'staff' THEN c.organisation_id ELSE c.kind END AS organisation
        FROM badges b JOIN cardholders c ON c.id = b.cardholder_id`);
    const pool = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM bpool`)).rows[0]!.n);
    // Every 50th event refused, a few unknown badges; doors and directions spread evenly.
    await db.query(
      `INSERT INTO access_log (site_id, door_id, event_id, ts, badge, direction, result, reason, cardholder_id, organisation)
       SELECT 'stadhuis-tiel', (ARRAY['door-main','door-staff','door-werkplein','door-stair-1','door-server'])[1 + g % 5], 'gen-' || g,
              now() - make_interval(secs => g * ($2::float8 * 86400 / $1)),
              CASE WHEN g % 997 = 0 THEN 'X' || g ELSE p.badge END,
              CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END,
              CASE WHEN g % 50 = 0 OR g % 997 = 0 THEN 'denied' ELSE 'granted' END,
              CASE WHEN g % 997 = 0 THEN 'unknown_badge' WHEN g % 50 = 0 THEN 'no_permission' END,
              CASE WHEN g % 997 = 0 THEN NULL ELSE p.cardholder_id END,
              CASE WHEN g % 997 = 0 THEN NULL ELSE p.organisation END
         FROM generate_series(1, $1::bigint) g JOIN bpool p ON p.n = 1 + (g * 7919) % $3`,
      [ROWS, SPAN_DAYS, pool],
    );
    const t1 = nowMs();
    await db.query(`SET maintenance_work_mem = '1GB'`);
    for (const ix of indexes) await db.query(ix.indexdef);
    await db.query(`ANALYZE access_log`);
    return { seconds: (t1 - t0) / 1000, indexSeconds: (nowMs() - t1) / 1000 };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  useRealRepoRootInTestSupport();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wachtpost-accesslog-'));
  const hub = new TestHub({ env: { SITE_FILE: benchSite(dir), LOG_LEVEL: 'error' } });
  try {
    await hub.start();
    await hub.stop();
    console.log(`[access-log] filling ${ROWS.toLocaleString('en')} rows over ${SPAN_DAYS} days …`);
    const filled = await fill(hub.databaseUrl);
    console.log(`[access-log] inserted in ${filled.seconds.toFixed(0)} s, indexes rebuilt in ${filled.indexSeconds.toFixed(0)} s`);
    await hub.start();
    const token = (await hub.login('facilities')).accessToken;
    const sample = (await hub.query<{ cardholder_id: string; badge: string; organisation: string }>(
      `SELECT cardholder_id, badge, organisation FROM access_log WHERE cardholder_id IS NOT NULL AND id = (SELECT max(id) / 2 FROM access_log)`,
    ))[0] ?? (await hub.query<{ cardholder_id: string; badge: string; organisation: string }>(`SELECT cardholder_id, badge, organisation FROM access_log WHERE cardholder_id IS NOT NULL LIMIT 1`))[0]!;
    const weekFrom = new Date(Date.now() - 200 * 86400_000).toISOString();
    const weekTo = new Date(Date.now() - 193 * 86400_000).toISOString();
    const filters: Record<string, string> = {
      'newest page, no filter': '',
      'by door': 'doorId=door-main',
      'by person': `cardholderId=${sample.cardholder_id}`,
      'by badge': `badge=${encodeURIComponent(sample.badge)}`,
      'by organisation': `organisation=${sample.organisation}`,
      'refused only': 'result=denied',
      'one week, half a year ago': `from=${weekFrom}&to=${weekTo}`,
      'door + week': `doorId=door-server&from=${weekFrom}&to=${weekTo}`,
      'person + refused': `cardholderId=${sample.cardholder_id}&result=denied`,
      'unknown badges (reason)': 'reason=unknown_badge',
    };
    const results: Record<string, Summary & { rows: number; thirdPageMs: number }> = {};
    for (const [name, q] of Object.entries(filters)) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < REPEATS; i++) {
        const t0 = nowMs();
        const res = await hub.client(token).get<AccessLogPageDto>(`/api/v1/access-log?limit=100${q ? `&${q}` : ''}`);
        times.push(nowMs() - t0);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        rows = res.body.entries.length;
      }
      // Keyset paging: the third page costs what the first does.
      let cursor: string | null = null;
      let thirdPageMs = 0;
      for (let page = 0; page < 3; page++) {
        const t0 = nowMs();
        const res: { status: number; body: AccessLogPageDto } = await hub.client(token).get<AccessLogPageDto>(`/api/v1/access-log?limit=100${q ? `&${q}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        thirdPageMs = nowMs() - t0;
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      results[name] = { ...summarize(times)!, rows, thirdPageMs };
      const r = results[name];
      console.log(`[access-log] ${name.padEnd(28)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms  page 3 ${thirdPageMs.toFixed(1)} ms  (${rows} rows)`);
    }
    const worstP95 = Math.max(...Object.values(results).map((r) => r.p95));
    console.log(`\nAccess log, ${ROWS.toLocaleString('en')} rows: worst p95 ${worstP95.toFixed(1)} ms over ${Object.keys(filters).length} filters (target < 200 ms: ${worstP95 < 200 ? 'met' : 'MISSED'})`);
    const out = path.join(repoRoot, 'bench/results');
    mkdirSync(out, { recursive: true });
    const startedAt = new Date().toISOString();
    const file = path.join(out, `access-log-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ startedAt, rows: ROWS, repeats: REPEATS, filled, machine: { cores: os.cpus().length, node: process.version }, results, worstP95 }, null, 2));
    console.log(`results: ${path.relative(repoRoot, file)}`);
  } finally {
    await hub.dispose().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[access-log] failed: ${err.message}`);
    process.exit(1);
  },
);
