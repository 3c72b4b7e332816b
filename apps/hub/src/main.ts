/**
 * The hub: one process serving REST, socket.io, the MQTT ingest and the BullMQ workers.
 * Boot order: validate configuration, create the database if missing, migrate, (demo) seed,
 * then start listening.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { ensureDatabase, runMigrations } from './database/database-setup';
import { CardholdersService } from './modules/access/cardholders.service';
import { AuthService } from './modules/auth/auth.service';
import { AlertsService } from './modules/dispatch/alerts.service';
import { RealtimeGateway } from './modules/realtime/realtime.gateway';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter';
import { SitesService } from './modules/sites/sites.service';

async function prepareDatabase(config: AppConfig): Promise<void> {
  await ensureDatabase(config.databaseUrl);
  if (config.migrate) await runMigrations(config.databaseUrl);
}

function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  // The console is a single-page app: every other GET outside the API gets its index.html.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || /^\/(api|socket\.io|metrics)(\/|$)/.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

export async function bootstrap(config: AppConfig = loadConfig()): Promise<NestExpressApplication> {
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const io = new RedisIoAdapter(app);
  io.connectRedis(config.redisUrl, `${config.redisPrefix}:socket.io`);
  app.useWebSocketAdapter(io);

  const sites = app.get(SitesService);
  const auth = app.get(AuthService);
  if (config.demo) {
    await auth.seedDemoUsers();
    const site = await sites.seed(config.siteFile);
    await app.get(AlertsService).seed(site);
    await app.get(CardholdersService).seed(site);
  } else {
    await sites.refresh();
    if (config.production && (await auth.countDemoUsers()) > 0) {
      throw new ConfigError('Refusing to start in production: demo users exist in the database (delete them first)');
    }
  }

  const openapi = new DocumentBuilder().setTitle('Wachtpost hub').setVersion('0.1.0').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi));
  serveConsole(app, config.consoleDir);
  app.get(RealtimeGateway);
  await app.listen(config.port);
  return app;
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78);
  }
  bootstrap(config).then(
    (app) => {
      const demo = config.demo ? ' (demo mode)' : '';
      app.get(Logger).log(`Wachtpost hub listening on http://localhost:${config.port}${demo}`);
    },
    (err: Error) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    },
  );
}
