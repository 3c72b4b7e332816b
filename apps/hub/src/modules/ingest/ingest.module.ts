import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CommandsModule } from '../commands/commands.module';
import { DevicesModule } from '../devices/devices.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { HealthModule } from '../health/health.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { EventRouter } from './event-router';
import { EventsController } from './events.controller';
import { IngestQueries } from './ingest.queries';
import { IngestService } from './ingest.service';

@Module({
  imports: [AccessModule, DevicesModule, DispatchModule, IncidentsModule, CommandsModule, RealtimeModule, HealthModule],
  controllers: [EventsController],
  providers: [IngestService, EventRouter, IngestQueries],
})
export class IngestModule {}
