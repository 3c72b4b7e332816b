/**
 * Retention (AVG): a BullMQ job scheduler runs `purge` every ACCESS_RETENTION_EVERY_SECONDS on
 * one hub. It deletes, per site, access-log rows whose event time AND arrival are older than the
 * site's retention (so a device with a wrong clock cannot get rows deleted early), the same
 * access events in the raw event store, presence older than that, and the people of closed roll
 * calls; each run that deleted something is written to the audit log.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QUEUES } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { startScheduledJob, type ScheduledJob } from '../../common/scheduled-job';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { queryRows } from '../../database/unit-of-work';
import { AccessSettingsService } from './access-settings.service';
import { AuditService } from '../audit/audit.service';

const CHUNK = 5000;
const DEFAULT_RETENTION_DAYS = 90;

export interface PurgeResult {
  siteId: string | null;
  before: string;
  accessLog: number;
  deviceEvents: number;
  presence: number;
  rollCallPeople: number;
}

@Injectable()
export class RetentionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private job?: ScheduledJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: AccessSettingsService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.background) return;
    this.job = await startScheduledJob({
      redisUrl: this.config.redisUrl,
      prefix: this.config.redisPrefix,
      queue: QUEUES.accessRetention,
      everySeconds: this.config.access.retentionEverySeconds,
      what: 'retention',
      run: () => this.purge(),
      logger: this.logger,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.close();
  }

  /** One run over every site; answers what it deleted per site. */
  async purge(): Promise<PurgeResult[]> {
    const sites = await this.settings.all();
    const results: PurgeResult[] = [];
    for (const s of sites) results.push(await this.purgeSite(s.siteId, s.retentionDays));
    // Rows of sites without settings keep the default.
    results.push(await this.purgeSite(null, DEFAULT_RETENTION_DAYS, sites.map((s) => s.siteId)));
    for (const r of results) {
      const total = r.accessLog + r.deviceEvents + r.presence + r.rollCallPeople;
      if (!total) continue;
      this.logger.log(`retention ${r.siteId ?? '(other sites)'}: deleted ${r.accessLog} access-log rows before ${r.before}`);
      await this.audit.record({ actor: 'system', action: 'retention.delete', filter: { ...r }, rowCount: r.accessLog });
    }
    return results;
  }

  private async purgeSite(siteId: string | null, days: number, except: string[] = []): Promise<PurgeResult> {
    const [{ before }] = await this.db.query<[{ before: Date }]>(`SELECT now() - make_interval(days => $1) AS before`, [days]);
    const site = siteId === null ? `site_id <> ALL($2::text[])` : `site_id = $2`;
    const arg = siteId === null ? except : siteId;
    const chunked = async (sql: string) => {
      let total = 0;
      for (;;) {
        const rows = await queryRows<{ n: string }>(this.db, sql, [before, arg]);
        const n = Number(rows[0]?.n ?? 0);
        total += n;
        if (n < CHUNK) return total;
      }
    };
    const accessLog = await chunked(
      `WITH doomed AS (SELECT id FROM access_log WHERE ${site} AND ts < $1 AND received_at < $1 LIMIT ${CHUNK}),
            gone AS (DELETE FROM access_log WHERE id IN (SELECT id FROM doomed) RETURNING 1)
       SELECT count(*) AS n FROM gone`,
    );
    const deviceEvents = await chunked(
      `WITH doomed AS (SELECT id FROM device_events WHERE ${site} AND type IN ('access.granted', 'access.denied') AND ts < $1 AND received_at < $1 LIMIT ${CHUNK}),
            gone AS (DELETE FROM device_events WHERE id IN (SELECT id FROM doomed) RETURNING 1)
       SELECT count(*) AS n FROM gone`,
    );
    const presence = await chunked(`WITH gone AS (DELETE FROM presence WHERE ${site} AND at < $1 RETURNING 1) SELECT count(*) AS n FROM gone`);
    const rollCallPeople = await chunked(
      `WITH gone AS (DELETE FROM evacuation_people p USING evacuations e
                      WHERE e.id = p.evacuation_id AND e.status = 'closed' AND e.${site} AND e.closed_at < $1 RETURNING 1)
       SELECT count(*) AS n FROM gone`,
    );
    return { siteId, before: before.toISOString(), accessLog, deviceEvents, presence, rollCallPeople };
  }
}
