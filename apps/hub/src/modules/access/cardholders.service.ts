/**
 * Cardholders and their badges: the register facilities keep, loaded from the site file (demo)
 * or imported from the HR system's CSV export — all or nothing, with every refused row reported.
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BadgeDto, CardholderDto, CardholderImportReport, ErrorResponse, ImportRejection, SiteFile } from '@wachtpost/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { SitesService } from '../sites/sites.service';
import { AccessSettingsService } from './access-settings.service';
import { AuditService } from '../audit/audit.service';
import { BadgeEntity } from './badge.entity';
import { parseCardholderCsv, type ImportedCardholder } from './cardholder-import';
import { CardholderEntity } from './cardholder.entity';

type Upsert = Omit<ImportedCardholder, 'line' | 'validUntil' | 'badges'> & { badges: { number: string; validUntil: string | null }[] };

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function toBadgeDto(b: BadgeEntity, today: string): BadgeDto {
  return {
    number: b.number,
    state: b.blocked ? 'blocked' : b.validUntil && b.validUntil < today ? 'expired' : 'active',
    validUntil: b.validUntil,
    blockReason: b.blockReason,
    blockNote: b.blockNote,
    blockedAt: b.blockedAt?.toISOString() ?? null,
    blockedBy: b.blockedBy,
  };
}

@Injectable()
export class CardholdersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly settings: AccessSettingsService,
    private readonly audit: AuditService,
  ) {}

  /** Loads the site file's access settings and cardholders (idempotent). */
  async seed(site: SiteFile): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.settings.seed(m, site);
      await this.upsert(m, site.id, site.cardholders);
    });
  }

  async list(q: { siteId?: string; organisation?: string; q?: string; limit: number }): Promise<CardholderDto[]> {
    const qb = this.db.getRepository(CardholderEntity).createQueryBuilder('c').orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(q.limit);
    if (q.siteId) qb.andWhere('c.site_id = :siteId', { siteId: q.siteId });
    if (q.organisation) qb.andWhere(`(CASE WHEN c.kind = 'staff' THEN c.organisation_id ELSE c.kind END) = :org`, { org: q.organisation });
    if (q.q) qb.andWhere(`c.name ILIKE :q`, { q: `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` });
    const holders = await qb.getMany();
    const badges = holders.length ? await this.db.getRepository(BadgeEntity).createQueryBuilder('b').where('b.cardholder_id IN (:...ids)', { ids: holders.map((h) => h.id) }).orderBy('b.number').getMany() : [];
    const zones = await this.settings.forSites([...new Set(holders.map((h) => h.siteId))]);
    return holders.map((h) => {
      const today = todayIn(zones.get(h.siteId)?.timezone ?? 'Europe/Amsterdam');
      return {
        id: h.id,
        siteId: h.siteId,
        externalId: h.externalId,
        name: h.name,
        kind: h.kind,
        organisationId: h.organisationId,
        organisation: h.kind === 'staff' ? h.organisationId : h.kind,
        bhv: h.bhvFunctions,
        username: h.username,
        badges: badges.filter((b) => b.cardholderId === h.id).map((b) => toBadgeDto(b, today)),
      };
    });
  }

  /** Imports an HR export: nothing changes unless every row is valid (400 with the report otherwise). */
  async import(siteId: string, bytes: Buffer, dryRun: boolean, user: AuthUser): Promise<CardholderImportReport> {
    const site = (await this.sites.list()).find((s) => s.id === siteId);
    if (!site) throw new BadRequestException(`siteId: no site ${siteId}`);
    const { rows, rejected } = parseCardholderCsv(bytes, site.organisations.map((o) => o.id));
    return this.db.transaction(async (m) => {
      if (!rejected.length) rejected.push(...(await this.conflicts(m, siteId, rows)));
      const report: CardholderImportReport = { ok: rejected.length === 0, dryRun, rows: rows.length + new Set(rejected.map((r) => r.line)).size, created: 0, updated: 0, badgesAdded: 0, rejected };
      if (rejected.length) {
        rejected.sort((a, b) => a.line - b.line);
        const body: ErrorResponse & { report: CardholderImportReport } = {
          statusCode: 400,
          error: 'Bad Request',
          message: `${rejected.length} problem(s) in the file; nothing was imported. ${rejected
            .slice(0, 5)
            .map((r) => `line ${r.line}${r.column ? ` (${r.column})` : ''}: ${r.reason}`)
            .join('; ')}`,
          issues: rejected.map((r) => ({ path: `line ${r.line}${r.column ? `.${r.column}` : ''}`, message: r.reason })),
          report,
        };
        throw new BadRequestException(body);
      }
      if (dryRun) return report;
      const result = await this.upsert(m, siteId, rows.map((r) => ({ ...r, badges: r.badges.map((number) => ({ number, validUntil: r.validUntil })) })));
      await this.audit.record({ actor: user.username, action: 'cardholders.import', filter: { siteId }, rowCount: rows.length }, m);
      return { ...report, ...result };
    });
  }

  /** Badges in the file that the register gives to somebody else. */
  private async conflicts(m: EntityManager, siteId: string, rows: ImportedCardholder[]): Promise<ImportRejection[]> {
    const badges = rows.flatMap((r) => r.badges.map((b) => ({ badge: b, line: r.line, externalId: r.externalId })));
    if (!badges.length) return [];
    const owners = await m.query<{ number: string; site_id: string; external_id: string }[]>(
      `SELECT b.number, c.site_id, c.external_id FROM badges b JOIN cardholders c ON c.id = b.cardholder_id WHERE b.number = ANY($1::text[])`,
      [badges.map((b) => b.badge)],
    );
    return owners.flatMap((o) => {
      const mine = badges.find((b) => b.badge === o.number)!;
      if (o.site_id === siteId && o.external_id === mine.externalId) return [];
      return [{ line: mine.line, column: 'badges', reason: `badge ${o.number} already belongs to cardholder ${o.external_id}${o.site_id === siteId ? '' : ` of site ${o.site_id}`}` }];
    });
  }

  /** Multi-row upserts by (site, external id) and badge number; a badge of somebody else is left alone. */
  private async upsert(m: EntityManager, siteId: string, rows: Upsert[]): Promise<{ created: number; updated: number; badgesAdded: number }> {
    if (!rows.length) return { created: 0, updated: 0, badgesAdded: 0 };
    const holders = await m.query<{ id: string; external_id: string; created: boolean }[]>(
      `INSERT INTO cardholders (site_id, external_id, name, kind, organisation_id, bhv_functions, username)
       SELECT $1, x.external_id, x.name, x.kind, x.organisation_id, ARRAY(SELECT jsonb_array_elements_text(x.bhv)), x.username
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[]) AS x(external_id, name, kind, organisation_id, bhv, username)
       ON CONFLICT (site_id, external_id) DO UPDATE
          SET name = excluded.name, kind = excluded.kind, organisation_id = excluded.organisation_id,
              bhv_functions = excluded.bhv_functions, username = excluded.username, updated_at = now()
       RETURNING id, external_id, (xmax = 0) AS created`,
      [siteId, rows.map((r) => r.externalId), rows.map((r) => r.name), rows.map((r) => r.kind), rows.map((r) => r.organisationId), rows.map((r) => JSON.stringify(r.bhv)), rows.map((r) => r.username)],
    );
    const idOf = new Map(holders.map((h) => [h.external_id, h.id]));
    const badges = rows.flatMap((r) => r.badges.map((b) => ({ ...b, cardholderId: idOf.get(r.externalId)! })));
    const added = badges.length
      ? await m.query<{ created: boolean }[]>(
          `INSERT INTO badges (number, cardholder_id, valid_until)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::date[])
           ON CONFLICT (number) DO UPDATE SET valid_until = excluded.valid_until WHERE badges.cardholder_id = excluded.cardholder_id
           RETURNING (xmax = 0) AS created`,
          [badges.map((b) => b.number), badges.map((b) => b.cardholderId), badges.map((b) => b.validUntil)],
        )
      : [];
    return { created: holders.filter((h) => h.created).length, updated: holders.filter((h) => !h.created).length, badgesAdded: added.filter((a) => a.created).length };
  }
}
