/**
 * Hub administration: `node dist/cli.js migrate | seed [site-file] | demo-users | user …`.
 * Each command creates the database first when it is missing.
 *
 * `user <username> --roles guard,manager [--name "…"] [--organisation <id> | --campus]` creates
 * or changes an account; the password comes from WACHTPOST_PASSWORD, never from the command
 * line (it would stay in the shell history and the process list); left out, an existing account
 * keeps its password. A change takes effect at the user's next login.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { userAccountSchema } from '@wachtpost/contracts';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module';
import { loadConfig } from './config/config';
import { ensureDatabase, runMigrations } from './database/database-setup';
import { CardholdersService } from './modules/access/cardholders.service';
import { AuthService } from './modules/auth/auth.service';
import { AlertsService } from './modules/dispatch/alerts.service';
import { SitesService } from './modules/sites/sites.service';

async function main(): Promise<void> {
  const [command, arg, ...rest] = process.argv.slice(2);
  // Beside a running hub the CLI must not take its MQTT sessions, jobs or timers.
  process.env.BACKGROUND_WORK = 'off';
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const migrated = await runMigrations(config.databaseUrl);
  if (command === 'migrate') {
    console.log(migrated.length ? `applied: ${migrated.join(', ')}` : 'database is up to date');
    return;
  }
  if (command !== 'seed' && command !== 'demo-users' && command !== 'user') {
    throw new Error('usage: cli.js migrate | seed [site-file] | demo-users | user <username> --roles r1,r2 [--name …] [--organisation id | --campus]');
  }
  const account = command === 'user' ? userAccount(arg, rest) : null;
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    if (command === 'seed') {
      const site = await app.get(SitesService).seed(arg ?? config.siteFile);
      await app.get(AlertsService).seed(site);
      await app.get(CardholdersService).seed(site);
      console.log(`loaded site ${site.id}: ${site.floors.length} floors, ${site.devices.length} devices, ${site.cardholders.length} cardholders`);
    } else if (account) {
      const outcome = await app.get(AuthService).saveUser(account);
      console.log(`user ${account.username} ${outcome}: ${account.roles.join(', ')}${account.organisationId ? `, organisation ${account.organisationId}` : ''}${account.campusScope ? ', campus scope' : ''}`);
    } else {
      if (config.production) throw new Error('demo users are refused when NODE_ENV=production');
      await app.get(AuthService).seedDemoUsers();
      console.log('demo users are in place');
    }
  } finally {
    await app.close();
  }
}

function userAccount(username: string | undefined, args: string[]) {
  const { values } = parseArgs({
    args,
    options: { roles: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' }, campus: { type: 'boolean', default: false } },
    strict: true,
  });
  const parsed = userAccountSchema.safeParse({
    username: username ?? '',
    displayName: values.name ?? username ?? '',
    roles: (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean),
    organisationId: values.organisation ?? null,
    campusScope: values.campus,
    password: process.env.WACHTPOST_PASSWORD || undefined,
  });
  if (!parsed.success) {
    const where = (path: PropertyKey[]) => (path[0] === 'password' ? 'WACHTPOST_PASSWORD' : path.join('.'));
    throw new Error(parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

main().then(
  // Whatever a library keeps open (a Redis socket), the command is done.
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
