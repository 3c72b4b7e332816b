/**
 * Hub administration: `node dist/cli.js migrate | seed [site-file] | demo-users`.
 * Each command creates the database first when it is missing.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config/config';
import { ensureDatabase, runMigrations } from './database/database-setup';
import { CardholdersService } from './modules/access/cardholders.service';
import { AuthService } from './modules/auth/auth.service';
import { AlertsService } from './modules/dispatch/alerts.service';
import { SitesService } from './modules/sites/sites.service';

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  // Beside a running hub the CLI must not take its MQTT sessions, jobs or timers.
  process.env.BACKGROUND_WORK = 'off';
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const migrated = await runMigrations(config.databaseUrl);
  if (command === 'migrate') {
    console.log(migrated.length ? `applied: ${migrated.join(', ')}` : 'database is up to date');
    return;
  }
  if (command !== 'seed' && command !== 'demo-users') {
    throw new Error('usage: cli.js migrate | seed [site-file] | demo-users');
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    if (command === 'seed') {
      const site = await app.get(SitesService).seed(arg ?? config.siteFile);
      await app.get(AlertsService).seed(site);
      await app.get(CardholdersService).seed(site);
      console.log(`loaded site ${site.id}: ${site.floors.length} floors, ${site.devices.length} devices, ${site.cardholders.length} cardholders`);
    } else {
      if (config.production) throw new Error('demo users are refused when NODE_ENV=production');
      await app.get(AuthService).seedDemoUsers();
      console.log('demo users are in place');
    }
  } finally {
    await app.close();
  }
}

main().then(
  // Whatever a library keeps open (a Redis socket), the command is done.
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
