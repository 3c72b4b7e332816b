/**
 * Overdue reminders: a BullMQ job scheduler runs `remindOverdue` every
 * FOLLOW_UP_REMINDER_EVERY_SECONDS on one hub. An open follow-up past its due date gets a note on
 * the incident's timeline and a `followup.overdue` to its owner and the managers who see it, at
 * most once a day (reminded_at is claimed in the same statement, so two hubs never both remind).
 * The same job runs the register's retention (follow-up-retention.service.ts).
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QUEUES } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { startScheduledJob, type ScheduledJob } from '../../common/scheduled-job';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { inTransaction, queryRows } from '../../database/unit-of-work';
import { AccessSettingsService } from '../access/access-settings.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { FollowUpRetentionService } from './follow-up-retention.service';
import { FollowUpsService } from './follow-ups.service';
import { ORGANISATION } from './register.sql';

@Injectable()
export class FollowUpRemindersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FollowUpRemindersService.name);
  private job?: ScheduledJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly followUps: FollowUpsService,
    private readonly settings: AccessSettingsService,
    private readonly realtime: RealtimeGateway,
    private readonly retention: FollowUpRetentionService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.background) return;
    this.job = await startScheduledJob({
      redisUrl: this.config.redisUrl,
      prefix: this.config.redisPrefix,
      queue: QUEUES.followUpReminders,
      everySeconds: this.config.followUp.reminderEverySeconds,
      what: 'follow-up reminder',
      // The register's retention runs on the same beat.
      run: async () => ({ reminded: await this.remindOverdue(), erased: await this.retention.erase() }),
      logger: this.logger,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.close();
  }

  /** Reminds every open follow-up past its due date not reminded in the last day; answers their incident ids. */
  async remindOverdue(): Promise<string[]> {
    const due = await inTransaction(this.db, async (uow) => {
      const rows = await queryRows<{ incident_id: string; owner: string | null; due: string; organisation_id: string | null }>(
        uow.manager,
        `UPDATE incident_follow_ups f SET reminded_at = clock_timestamp()
           FROM incidents i LEFT JOIN sites s ON s.id = i.site_id LEFT JOIN rooms r ON r.site_id = i.site_id AND r.id = i.room_id
          WHERE f.incident_id = i.id AND f.status = 'open'
            AND f.due_date < (now() AT TIME ZONE COALESCE(s.timezone, 'Europe/Amsterdam'))::date
            AND (f.reminded_at IS NULL OR f.reminded_at < now() - interval '23 hours')
          RETURNING f.incident_id, f.owner, f.due_date::text AS due, ${ORGANISATION} AS organisation_id`,
        [],
      );
      for (const r of rows) {
        await uow.manager.query(`INSERT INTO incident_events (incident_id, at, kind, actor, data) VALUES ($1, clock_timestamp(), 'note', NULL, $2)`, [
          r.incident_id,
          JSON.stringify({ followUpOverdue: { dueDate: r.due, owner: r.owner } }),
        ]);
      }
      return rows;
    });
    if (due.length === 0) return [];
    const key = await this.settings.pseudonymKey();
    for (const r of due) {
      const users = await this.db.query<{ id: string }[]>(
        `SELECT id FROM users WHERE username = $1 OR ('manager' = ANY(roles) AND (campus_scope OR organisation_id = $2))`,
        [r.owner, r.organisation_id],
      );
      const summary = this.followUps.summary(await this.followUps.load(r.incident_id), key);
      this.realtime.followUpOverdue(users.map((u) => u.id), summary);
    }
    this.logger.log(`reminded ${due.length} overdue follow-up(s)`);
    return due.map((r) => r.incident_id);
  }
}
