#!/usr/bin/env node
/** Fails when the entities and the committed migrations disagree: migrates a scratch database, then asks TypeORM for a diff. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hub = join(root, 'apps/hub');
const admin = new URL(process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const name = `wachtpost_migration_check_${process.pid}`;
const url = new URL(admin);
url.pathname = `/${name}`;
const env = { ...process.env, DATABASE_URL: url.toString() };

const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
let failed = false;
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', hub], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(hub, 'dist/cli.js'), 'migrate'], { env, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typeorm/cli.js'), 'migration:generate', '--check', '-d', join(hub, 'dist/database/data-source.js'), join(hub, 'src/database/migrations/Pending')],
    { env, stdio: 'inherit' },
  );
  console.log('migrations match the entities');
} catch {
  failed = true;
  console.error('The entities and the migrations disagree: generate a migration (see docs/development.md).');
} finally {
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}
process.exit(failed ? 1 : 0);
