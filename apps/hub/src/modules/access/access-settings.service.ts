/** Each site's access settings (retention, presence reset, opening hours, door rules) and the pseudonym key. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { siteAccessSchema, type SiteFile } from '@wachtpost/contracts';
import { randomBytes } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SettingEntity } from '../../database/setting.entity';
import { AccessSettingsEntity } from './access-settings.entity';
import type { SiteRules } from './door-rules';

const PSEUDONYM_KEY = 'access.pseudonym_key';
const DEFAULTS = siteAccessSchema.parse({});

export interface SiteAccessSettings extends SiteRules {
  siteId: string;
  retentionDays: number;
  presenceResetTime: string;
}

@Injectable()
export class AccessSettingsService {
  private pseudonymKeyPromise?: Promise<Buffer>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async seed(manager: EntityManager, site: SiteFile): Promise<void> {
    const a = site.access;
    await manager.upsert(
      AccessSettingsEntity,
      {
        siteId: site.id,
        timezone: site.timezone,
        retentionDays: a.retentionDays,
        presenceResetTime: a.presenceResetTime,
        openingHours: a.openingHours,
        doorRules: a.doorRules,
        doors: a.doors,
      },
      ['siteId'],
    );
  }

  /** Settings per site; a site without a row gets the defaults (90 days, 04:00, no opening-hours rule). */
  async forSites(siteIds: string[], manager: EntityManager = this.db.manager): Promise<Map<string, SiteAccessSettings>> {
    const rows = siteIds.length ? await manager.getRepository(AccessSettingsEntity).findBy({ siteId: In(siteIds) }) : [];
    const out = new Map<string, SiteAccessSettings>();
    for (const siteId of siteIds) {
      const r = rows.find((x) => x.siteId === siteId);
      out.set(
        siteId,
        r
          ? { siteId, timezone: r.timezone, retentionDays: r.retentionDays, presenceResetTime: r.presenceResetTime, openingHours: r.openingHours, doorRules: r.doorRules, doors: r.doors }
          : { siteId, timezone: 'Europe/Amsterdam', ...DEFAULTS },
      );
    }
    return out;
  }

  async forSite(siteId: string, manager?: EntityManager): Promise<SiteAccessSettings> {
    return (await this.forSites([siteId], manager)).get(siteId)!;
  }

  async all(): Promise<AccessSettingsEntity[]> {
    return this.db.getRepository(AccessSettingsEntity).find();
  }

  /** The secret behind pseudonyms: generated once per installation and kept in the database. */
  pseudonymKey(): Promise<Buffer> {
    this.pseudonymKeyPromise ??= (async () => {
      await this.db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [PSEUDONYM_KEY, JSON.stringify(randomBytes(32).toString('hex'))]);
      const row = await this.db.getRepository(SettingEntity).findOneByOrFail({ key: PSEUDONYM_KEY });
      return Buffer.from(row.value as string, 'hex');
    })();
    this.pseudonymKeyPromise.catch(() => (this.pseudonymKeyPromise = undefined));
    return this.pseudonymKeyPromise;
  }
}
