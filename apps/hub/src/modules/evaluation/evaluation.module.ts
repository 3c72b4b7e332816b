import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SitesModule } from '../sites/sites.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';
import { FollowUpRemindersService } from './follow-up-reminders.service';
import { FollowUpRetentionService } from './follow-up-retention.service';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { PdfRenderer } from './pdf-renderer';

/** The incident register (follow-up of every incident, overdue reminders) and the periodic evaluation with its report. */
@Module({
  imports: [AccessModule, AuditModule, RealtimeModule, SitesModule],
  controllers: [FollowUpsController, EvaluationController],
  providers: [FollowUpsService, FollowUpRemindersService, FollowUpRetentionService, EvaluationService, PdfRenderer],
  exports: [FollowUpRemindersService],
})
export class EvaluationModule {}
