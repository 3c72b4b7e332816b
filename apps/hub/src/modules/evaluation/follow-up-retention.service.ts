/**
 * Retention of the register (AVG): FOLLOW_UP_RETENTION_DAYS after an incident happened, once its
 * follow-up is closed, the personal details go — the employees involved, the description, the
 * location, the injury note, the police report number, who held the talk and gave aftercare,
 * the banned cardholder, and the badge holder's name in a door alarm's timeline. What the
 * organisation learns stays: category, place, times, measures, lessons learned, the figures.
 * It runs with the overdue reminders; 0 keeps everything. Each run that erased something is
 * in the audit log (`retention.delete`, actor `system`).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, queryRows } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';

@Injectable()
export class FollowUpRetentionService {
  private readonly logger = new Logger(FollowUpRetentionService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Erases the personal details of closed follow-ups past retention; answers their incident ids. */
  async erase(): Promise<string[]> {
    const days = this.config.followUp.retentionDays;
    if (days === 0) return [];
    return inTransaction(this.db, async (uow) => {
      const rows = await queryRows<{ incident_id: string }>(
        uow.manager,
        `UPDATE incident_follow_ups f
            SET employees = '[]', description = '', location = '', injury_damage_note = '',
                police_report = CASE WHEN police_report IS NULL THEN NULL ELSE jsonb_set(police_report, '{number}', '""') END,
                aggressor_talk = CASE WHEN aggressor_talk IS NULL THEN NULL ELSE jsonb_set(aggressor_talk, '{by}', '""') END,
                aftercare = CASE WHEN aftercare IS NULL THEN NULL ELSE jsonb_set(aftercare, '{by}', '""') END,
                building_ban = CASE WHEN building_ban IS NULL THEN NULL ELSE jsonb_set(building_ban, '{cardholderId}', 'null') END,
                personal_data_erased_at = clock_timestamp()
           FROM incidents i
          WHERE f.incident_id = i.id AND f.status = 'closed' AND f.personal_data_erased_at IS NULL
            AND i.opened_at < now() - make_interval(days => $1)
          RETURNING f.incident_id`,
        [days],
      );
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.incident_id);
      await uow.manager.query(
        `UPDATE incident_events SET data = data - 'cardholderName' WHERE incident_id = ANY($1::uuid[]) AND data ? 'cardholderName'`,
        [ids],
      );
      await this.audit.record({ actor: 'system', action: 'retention.delete', filter: { followUps: ids.length, olderThanDays: days }, rowCount: ids.length }, uow.manager);
      this.logger.log(`erased the personal details of ${ids.length} closed follow-up(s) older than ${days} days`);
      return ids;
    });
  }
}
