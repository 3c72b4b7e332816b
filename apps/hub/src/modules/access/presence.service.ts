/**
 * Presence: who is on site, from granted badge events in and out. The last movement per person
 * is kept (door clock, never moved backwards by a late event); a person counts as present when
 * it was "in" after the site's daily reset, so someone who left through a door without a reader
 * drops off the list the next day and shows under "not badged out" with where they were last seen.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CardholderKind, PresenceDto, PresentPersonDto, ResponderFunction } from '@wachtpost/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { UnitOfWork } from '../../database/unit-of-work';
import { DevicesService } from '../devices/devices.service';
import { SitesService } from '../sites/sites.service';
import { AccessSettingsService } from './access-settings.service';
import type { ResolvedAccess } from './door-rules';

export interface Movement {
  cardholderId: string;
  siteId: string;
  direction: 'in' | 'out';
  at: Date;
  doorId: string;
}

export const GROUP_NAMES: Record<string, string> = { visitor: 'Bezoekers', contractor: 'Externen en leveranciers' };

/** SQL for the start of the current presence day: $tz and $reset (HH:MM) are the site's. */
export const PRESENCE_DAY_START = (tz: string, reset: string) => `(CASE WHEN (now() AT TIME ZONE ${tz})::time >= ${reset}::time
  THEN date_trunc('day', now() AT TIME ZONE ${tz}) + ${reset}::time
  ELSE date_trunc('day', now() AT TIME ZONE ${tz}) - interval '1 day' + ${reset}::time END) AT TIME ZONE ${tz}`;

export interface PresenceRow {
  cardholder_id: string;
  direction: 'in' | 'out';
  at: Date;
  door_id: string;
  name: string;
  kind: CardholderKind;
  organisation_id: string | null;
  bhv_functions: ResponderFunction[];
  today: boolean;
}

@Injectable()
export class PresenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: AccessSettingsService,
    private readonly sites: SitesService,
    private readonly devices: DevicesService,
  ) {}

  /**
   * Applies a batch's granted events of known cardholders: one upsert with each person's latest
   * movement. Answers the movements that changed someone's presence (for the roll call).
   */
  async apply(uow: UnitOfWork, rows: ResolvedAccess[]): Promise<Movement[]> {
    const latest = new Map<string, ResolvedAccess>();
    for (const r of rows) {
      if (r.result !== 'granted' || !r.cardholderId) continue;
      const seen = latest.get(r.cardholderId);
      if (!seen || seen.ts <= r.ts) latest.set(r.cardholderId, r);
    }
    if (!latest.size) return [];
    // A fixed order keeps two concurrent batches from locking the same rows in opposite order.
    const items = [...latest.values()].sort((a, b) => (a.cardholderId! < b.cardholderId! ? -1 : 1));
    const changed: { cardholder_id: string; site_id: string; direction: 'in' | 'out'; at: Date; door_id: string }[] = await uow.manager.query(
      `INSERT INTO presence (cardholder_id, site_id, direction, at, door_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
       ON CONFLICT (cardholder_id) DO UPDATE
          SET site_id = excluded.site_id, direction = excluded.direction, at = excluded.at, door_id = excluded.door_id
        WHERE presence.at <= excluded.at
       RETURNING cardholder_id, site_id, direction, at, door_id`,
      [items.map((r) => r.cardholderId), items.map((r) => r.siteId), items.map((r) => r.direction), items.map((r) => r.ts), items.map((r) => r.doorId)],
    );
    return changed.map((c) => ({ cardholderId: c.cardholder_id, siteId: c.site_id, direction: c.direction, at: c.at, doorId: c.door_id }));
  }

  /** Start of the site's current presence day. */
  async dayStart(siteId: string, manager: EntityManager = this.db.manager): Promise<Date> {
    const s = await this.settings.forSite(siteId, manager);
    const [row] = await manager.query<{ since: Date }[]>(`SELECT ${PRESENCE_DAY_START('$1', '$2')} AS since`, [s.timezone, s.presenceResetTime]);
    return row!.since;
  }

  /** People whose last movement was "in": today's (present) and older ones (never badged out). */
  private async inside(manager: EntityManager, siteId: string, since: Date): Promise<PresenceRow[]> {
    return manager.query(
      `SELECT p.cardholder_id, p.direction, p.at, p.door_id, c.name, c.kind, c.organisation_id, c.bhv_functions, p.at >= $2 AS today
         FROM presence p JOIN cardholders c ON c.id = p.cardholder_id
        WHERE p.site_id = $1 AND p.direction = 'in'
        ORDER BY c.name`,
      [siteId, since],
    );
  }

  /** Whether anyone badged since the reset: when nobody did, presence is unknown rather than "nobody". */
  private async known(manager: EntityManager, siteId: string, since: Date): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM presence WHERE site_id = $1 AND at >= $2 LIMIT 1`, [siteId, since]);
    return rows.length > 0;
  }

  async get(siteId: string): Promise<PresenceDto> {
    const site = (await this.sites.list()).find((s) => s.id === siteId);
    if (!site) throw new NotFoundException(`no site ${siteId}`);
    const since = await this.dayStart(siteId);
    const [rows, known, devices] = await Promise.all([this.inside(this.db.manager, siteId, since), this.known(this.db.manager, siteId, since), this.devices.list()]);
    const doorName = (id: string) => devices.find((d) => d.id === id)?.name ?? id;
    const person = (r: PresenceRow): PresentPersonDto => ({
      cardholderId: r.cardholder_id,
      name: r.name,
      kind: r.kind,
      bhv: r.bhv_functions,
      lastSeen: { doorId: r.door_id, doorName: doorName(r.door_id), at: r.at.toISOString(), direction: r.direction },
    });
    const present = rows.filter((r) => r.today);
    const group = (r: PresenceRow) => (r.kind === 'staff' ? r.organisation_id : r.kind) ?? 'visitor';
    const groups = [...site.organisations, { id: 'visitor', name: GROUP_NAMES.visitor! }, { id: 'contractor', name: GROUP_NAMES.contractor! }];
    return {
      siteId,
      since: since.toISOString(),
      known,
      total: present.length,
      organisations: groups.map((g) => {
        const people = present.filter((r) => group(r) === g.id).map(person);
        return { id: g.id, name: g.name, count: people.length, people };
      }),
      notBadgedOut: rows.filter((r) => !r.today).map(person),
    };
  }

  /** People present now (for a roll call), read in the caller's transaction. */
  async presentNow(manager: EntityManager, siteId: string): Promise<PresenceRow[]> {
    const since = await this.dayStart(siteId, manager);
    return (await this.inside(manager, siteId, since)).filter((r) => r.today);
  }

  /**
   * For dispatch: per username of a cardholder at the site, whether that person is on site now.
   * Null when presence is unknown for the whole site (nobody has badged since the reset).
   */
  async byUsername(manager: EntityManager, siteId: string): Promise<Map<string, boolean> | null> {
    const since = await this.dayStart(siteId, manager);
    if (!(await this.known(manager, siteId, since))) return null;
    const rows = await manager.query<{ username: string; present: boolean }[]>(
      `SELECT c.username, bool_or(p.direction = 'in' AND p.at >= $2) IS TRUE AS present
         FROM cardholders c LEFT JOIN presence p ON p.cardholder_id = c.id
        WHERE c.site_id = $1 AND c.username IS NOT NULL
        GROUP BY c.username`,
      [siteId, since],
    );
    return new Map(rows.map((r) => [r.username, r.present]));
  }
}
