import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { DevicesModule } from '../devices/devices.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SitesModule } from '../sites/sites.module';
import { AccessLogService } from './access-log.service';
import { AccessSettingsService } from './access-settings.service';
import { AccessController } from './access.controller';
import { AuditModule } from '../audit/audit.module';
import { BadgesService } from './badges.service';
import { CardholdersController } from './cardholders.controller';
import { CardholdersService } from './cardholders.service';
import { EvacuationsController } from './evacuations.controller';
import { EvacuationsService } from './evacuations.service';
import { PresenceService } from './presence.service';
import { RetentionService } from './retention.service';

/** Access control: cardholders and badges, the access log, presence, door alarm rules, roll call, retention and audit. */
@Module({
  imports: [AuditModule, CommandsModule, DevicesModule, RealtimeModule, SitesModule],
  controllers: [AccessController, CardholdersController, EvacuationsController],
  providers: [AccessSettingsService, AccessLogService, CardholdersService, BadgesService, PresenceService, EvacuationsService, RetentionService],
  exports: [AccessLogService, PresenceService, CardholdersService, EvacuationsService, BadgesService, AccessSettingsService],
})
export class AccessModule {}
