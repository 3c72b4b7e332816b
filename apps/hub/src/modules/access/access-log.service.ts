/**
 * The access log. Ingest hands over every access event of a batch at once (`recordBatch`, in
 * the batch's transaction): ONE insert that resolves badge → cardholder → organisation in SQL,
 * then presence, the roll call and the door alarm rules from what that insert returned.
 * Facilities read it back newest first with keyset pages or as a streamed CSV; names are
 * pseudonymised unless a purpose is given, and every read is written to the audit log.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccessDenialReason, AccessLogEntryDto, AccessLogFilter, AccessLogPageDto, AccessResult, DeviceEvent } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import type { UnitOfWork } from '../../database/unit-of-work';
import type { AuthUser } from '../auth/auth.decorators';
import { DevicesService } from '../devices/devices.service';
import { AccessSettingsService } from './access-settings.service';
import { csvLine, decodeCursor, encodeCursor, pseudonym, reasonText, type Cursor } from './access-log-format';
import { AuditService } from '../audit/audit.service';
import { denialWindows, doorAlarms, doorRulesFor, type DoorAlarm, type ResolvedAccess } from './door-rules';
import { EvacuationsService } from './evacuations.service';
import { PresenceService } from './presence.service';

export type AccessEvent = Extract<DeviceEvent, { type: 'access.granted' | 'access.denied' }>;
export interface AccessEventItem {
  siteId: string;
  doorId: string;
  event: AccessEvent;
}

interface LogRow {
  id: string;
  ts: Date;
  ts_key: string;
  received_at: Date;
  site_id: string;
  door_id: string;
  badge: string;
  direction: 'in' | 'out';
  result: AccessResult;
  reason: AccessDenialReason | null;
  cardholder_id: string | null;
  organisation: string | null;
  name: string | null;
}

const EXPORT_PAGE = 2000;

@Injectable()
export class AccessLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: AccessSettingsService,
    private readonly presence: PresenceService,
    private readonly evacuations: EvacuationsService,
    private readonly audit: AuditService,
    private readonly devices: DevicesService,
  ) {}

  // ---- writing (ingest) ----------------------------------------------------------------------
  /** Stores a batch's access events and reacts to them; answers the door alarms to raise. */
  async recordBatch(uow: UnitOfWork, items: AccessEventItem[]): Promise<DoorAlarm[]> {
    if (!items.length) return [];
    const sites = await this.settings.forSites([...new Set(items.map((i) => i.siteId))], uow.manager);
    const hoursDoors = [...new Set(items.map((i) => i.doorId))].filter((doorId) => {
      const site = sites.get(items.find((i) => i.doorId === doorId)!.siteId);
      return site ? doorRulesFor(site, doorId).outsideHours : false;
    });
    // One statement: resolve, insert, and return only the rows something may react to.
    const rows = await uow.manager.query<
      { site_id: string; door_id: string; event_id: string; ts: Date; badge: string; direction: 'in' | 'out'; result: AccessResult; reason: AccessDenialReason | null; cardholder_id: string | null; name: string | null; organisation: string | null; blocked: boolean; block_reason: ResolvedAccess['blockReason']; block_note: string | null }[]
    >(
      `WITH e AS (
         SELECT e.*, c.id AS cardholder_id, c.name, CASE WHEN c.kind = 'staff' THEN c.organisation_id ELSE c.kind END AS organisation,
                COALESCE(b.blocked, false) AS blocked, b.block_reason, b.block_note
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS e(site_id, door_id, event_id, ts, badge, direction, result, reason)
           LEFT JOIN badges b ON b.number = e.badge
           LEFT JOIN cardholders c ON c.id = b.cardholder_id AND c.site_id = e.site_id
       ), stored AS (
         INSERT INTO access_log (site_id, door_id, event_id, ts, badge, direction, result, reason, cardholder_id, organisation)
         SELECT site_id, door_id, event_id, ts, badge, direction, result, reason, cardholder_id, organisation FROM e
       )
       SELECT * FROM e WHERE cardholder_id IS NOT NULL OR result = 'denied' OR blocked OR door_id = ANY($9::text[])`,
      [
        items.map((i) => i.siteId),
        items.map((i) => i.doorId),
        items.map((i) => i.event.eventId),
        items.map((i) => i.event.ts),
        items.map((i) => i.event.badge),
        items.map((i) => i.event.direction),
        items.map((i) => (i.event.type === 'access.granted' ? 'granted' : 'denied')),
        items.map((i) => (i.event.type === 'access.denied' ? i.event.reason : null)),
        hoursDoors,
      ],
    );
    const resolved: ResolvedAccess[] = rows.map((r) => ({
      siteId: r.site_id,
      doorId: r.door_id,
      eventId: r.event_id,
      ts: r.ts,
      badge: r.badge,
      direction: r.direction,
      result: r.result,
      reason: r.reason,
      cardholderId: r.cardholder_id,
      cardholderName: r.name,
      organisation: r.organisation,
      badgeBlocked: r.blocked,
      blockReason: r.block_reason,
      blockNote: r.block_note,
    }));
    const movements = await this.presence.apply(uow, resolved);
    if (movements.length) await this.evacuations.onMovements(uow, movements);

    const siteRules = (siteId: string) => sites.get(siteId);
    const windows = denialWindows(resolved, siteRules);
    const counts = new Map<string, number>();
    if (windows.length) {
      const counted = await uow.manager.query<{ door_id: string; n: string }[]>(
        `SELECT w.door_id, (SELECT count(*) FROM access_log l WHERE l.door_id = w.door_id AND l.result = 'denied' AND l.ts > w.since AND l.ts <= w.until) AS n
           FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS w(door_id, since, until)`,
        [windows.map((w) => w.doorId), windows.map((w) => w.since), windows.map((w) => w.until)],
      );
      for (const c of counted) counts.set(c.door_id, Number(c.n));
    }
    return doorAlarms(resolved, siteRules, counts);
  }

  // ---- reading -------------------------------------------------------------------------------
  private where(f: AccessLogFilter, params: unknown[]): string {
    const clauses: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (f.doorId) add((p) => `l.door_id = ${p}`, f.doorId);
    if (f.cardholderId) add((p) => `l.cardholder_id = ${p}`, f.cardholderId);
    if (f.badge) add((p) => `l.badge = ${p}`, f.badge);
    if (f.organisation) add((p) => `l.organisation = ${p}`, f.organisation);
    // A literal (validated enum), so the planner can use the partial index of denials.
    if (f.result) clauses.push(f.result === 'denied' ? `l.result = 'denied'` : `l.result = 'granted'`);
    if (f.reason) add((p) => `l.reason = ${p}`, f.reason);
    if (f.from) add((p) => `l.ts >= ${p}::timestamptz`, f.from);
    if (f.to) add((p) => `l.ts < ${p}::timestamptz`, f.to);
    return clauses.length ? clauses.join(' AND ') : 'true';
  }

  private async page(f: AccessLogFilter, after: Cursor | null, limit: number): Promise<LogRow[]> {
    const params: unknown[] = [];
    let where = this.where(f, params);
    if (after) {
      params.push(after.ts, after.id);
      where += ` AND (l.ts, l.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
    }
    params.push(limit);
    return this.db.query(
      `SELECT l.id, l.ts, l.ts::text AS ts_key, l.received_at, l.site_id, l.door_id, l.badge, l.direction, l.result, l.reason, l.cardholder_id, l.organisation, c.name
         FROM access_log l LEFT JOIN cardholders c ON c.id = l.cardholder_id
        WHERE ${where}
        ORDER BY l.ts DESC, l.id DESC
        LIMIT $${params.length}`,
      params,
    );
  }

  private async formatter(named: boolean): Promise<(r: LogRow) => AccessLogEntryDto> {
    const [devices, key] = await Promise.all([this.devices.list(), this.settings.pseudonymKey()]);
    const doors = new Map(devices.map((d) => [d.id, d.name]));
    return (r) => ({
      id: String(r.id),
      ts: r.ts.toISOString(),
      receivedAt: r.received_at.toISOString(),
      siteId: r.site_id,
      doorId: r.door_id,
      doorName: doors.get(r.door_id) ?? r.door_id,
      badge: r.badge,
      direction: r.direction,
      result: r.result,
      reason: r.reason,
      reasonText: reasonText(r.result, r.reason),
      cardholderId: r.cardholder_id,
      cardholderName: r.cardholder_id ? (named ? r.name : pseudonym(key, r.cardholder_id)) : null,
      organisation: r.organisation,
    });
  }

  private auditFilter(f: AccessLogFilter): Record<string, unknown> {
    return Object.fromEntries(Object.entries(f).filter(([k, v]) => k !== 'purpose' && v !== undefined));
  }

  /** One page, newest first; the search (a person's history when filtered by person or badge) is audited. */
  async search(q: AccessLogFilter & { cursor?: string; limit: number }, user: AuthUser): Promise<AccessLogPageDto> {
    const { cursor, limit, ...filter } = q;
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.page(filter, after, limit + 1);
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const format = await this.formatter(Boolean(filter.purpose));
    await this.audit.record({
      actor: user.username,
      action: filter.cardholderId || filter.badge ? 'access_log.person' : 'access_log.search',
      filter: { ...this.auditFilter(filter), page: after ? 'next' : 'first' },
      purpose: filter.purpose ?? null,
      rowCount: shown.length,
    });
    const last = shown[shown.length - 1];
    return { entries: shown.map(format), nextCursor: more && last ? encodeCursor({ ts: last.ts_key, id: String(last.id) }) : null, pseudonymised: !filter.purpose };
  }

  /**
   * The export: an audit entry first (so even an aborted download is on record), then the rows
   * in keyset pages; `finish` stores how many rows went out.
   */
  async startExport(filter: AccessLogFilter, lang: 'nl' | 'en', user: AuthUser): Promise<{ lines: AsyncGenerator<string>; finish: (rows: number) => Promise<void> }> {
    const auditId = await this.audit.record({ actor: user.username, action: 'access_log.export', filter: { ...this.auditFilter(filter), lang }, purpose: filter.purpose ?? null, rowCount: null });
    const format = await this.formatter(Boolean(filter.purpose));
    const header =
      lang === 'nl'
        ? ['id', 'tijd', 'ontvangen', 'locatie', 'deur_id', 'deur', 'pas', 'richting', 'resultaat', 'reden', 'kaarthouder_id', 'naam', 'organisatie']
        : ['id', 'time', 'received', 'site', 'door_id', 'door', 'badge', 'direction', 'result', 'reason', 'cardholder_id', 'name', 'organisation'];
    const page = (after: Cursor | null) => this.page(filter, after, EXPORT_PAGE);
    async function* lines(): AsyncGenerator<string> {
      yield '\uFEFF' + csvLine(header);
      let after: Cursor | null = null;
      for (;;) {
        const rows = await page(after);
        for (const r of rows) {
          const e = format(r);
          yield csvLine([e.id, e.ts, e.receivedAt, e.siteId, e.doorId, e.doorName, e.badge, e.direction, e.result, e.reasonText[lang], e.cardholderId, e.cardholderName, e.organisation]);
        }
        const last = rows[rows.length - 1];
        if (rows.length < EXPORT_PAGE || !last) return;
        after = { ts: last.ts_key, id: String(last.id) };
      }
    }
    return { lines: lines(), finish: (rows) => this.audit.setRowCount(auditId, rows) };
  }
}
