import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { AccessModule } from './modules/access/access.module';
import { AuthModule } from './modules/auth/auth.module';
import { CommandsModule } from './modules/commands/commands.module';
import { DevicesModule } from './modules/devices/devices.module';
import { DispatchModule } from './modules/dispatch/dispatch.module';
import { EvaluationModule } from './modules/evaluation/evaluation.module';
import { HealthModule } from './modules/health/health.module';
import { IncidentsModule } from './modules/incidents/incidents.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SitesModule } from './modules/sites/sites.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
          redact: ['req.headers.authorization'],
        },
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl),
    }),
    AuthModule,
    RealtimeModule,
    HealthModule,
    SitesModule,
    CommandsModule,
    IncidentsModule,
    DevicesModule,
    AccessModule,
    DispatchModule,
    EvaluationModule,
    IngestModule,
  ],
})
export class AppModule {}
