import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_HEARTBEAT_SECONDS, siteFileSchema, type SiteDto, type SiteFile } from '@wachtpost/contracts';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DeviceEntity } from '../devices/device.entity';
import { FloorEntity } from './floor.entity';
import { OrganisationEntity } from './organisation.entity';
import { RoomEntity } from './room.entity';
import { SiteEntity } from './site.entity';

export interface Place {
  roomName: string | null;
  floorName: string | null;
  /** The room's organisation (null for shared rooms and whole floors). */
  organisationId: string | null;
}

export async function readSiteFile(file: string): Promise<{ site: SiteFile; plans: Map<string, string> }> {
  const site = siteFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const plans = new Map<string, string>();
  for (const floor of site.floors) plans.set(floor.id, await readFile(path.resolve(path.dirname(file), floor.plan), 'utf8'));
  return { site, plans };
}

@Injectable()
export class SitesService {
  private places = new Map<string, Place>();
  private instructions = new Map<string, Record<string, string[]>>();
  private siteInfo = new Map<string, { name: string; timezone: string }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Loads a site file: the site, its organisations, floors, rooms and devices (idempotent). */
  async seed(file: string): Promise<SiteFile> {
    const { site, plans } = await readSiteFile(file);
    await this.db.transaction(async (m) => {
      await m.upsert(SiteEntity, { id: site.id, name: site.name, timezone: site.timezone, instructions: site.instructions }, ['id']);
      await m.upsert(OrganisationEntity, site.organisations.map((o) => ({ siteId: site.id, ...o })), ['siteId', 'id']);
      for (const floor of site.floors) {
        const svg = plans.get(floor.id) ?? '';
        const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1] ?? '0 0 1000 600';
        await m.upsert(FloorEntity, { siteId: site.id, id: floor.id, name: floor.name, level: floor.level, planSvg: svg, viewBox }, ['siteId', 'id']);
        await m.upsert(RoomEntity, floor.rooms.map((r) => ({ siteId: site.id, id: r.id, floorId: floor.id, name: r.name, rect: r.rect, organisationId: r.organisationId, frontOffice: r.frontOffice })), ['siteId', 'id']);
      }
      await m.upsert(
        DeviceEntity,
        site.devices.map((d) => ({
          id: d.id,
          siteId: site.id,
          kind: d.kind,
          name: d.name,
          floorId: d.floorId,
          roomId: d.roomId,
          posX: d.position.x,
          posY: d.position.y,
          heartbeatSeconds: d.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
        })),
        ['id'],
      );
    });
    await this.refresh();
    return site;
  }

  /** Reloads the names and instructions that incidents show. */
  async refresh(): Promise<void> {
    const rows: { site_id: string; floor_id: string; room_id: string | null; room_name: string | null; floor_name: string; organisation_id: string | null }[] =
      await this.db.query(
        `SELECT f.site_id, f.id AS floor_id, r.id AS room_id, r.name AS room_name, f.name AS floor_name, r.organisation_id
           FROM floors f LEFT JOIN rooms r ON r.site_id = f.site_id AND r.floor_id = f.id`,
      );
    const places = new Map<string, Place>();
    for (const row of rows) {
      places.set(`${row.site_id}/${row.floor_id}/`, { roomName: null, floorName: row.floor_name, organisationId: null });
      if (row.room_id) places.set(`${row.site_id}/${row.floor_id}/${row.room_id}`, { roomName: row.room_name, floorName: row.floor_name, organisationId: row.organisation_id });
    }
    this.places = places;
    const sites = await this.db.getRepository(SiteEntity).find();
    this.instructions = new Map(sites.map((s) => [s.id, s.instructions]));
    this.siteInfo = new Map(sites.map((s) => [s.id, { name: s.name, timezone: s.timezone }]));
  }

  place(siteId: string, floorId: string | null, roomId: string | null): Place {
    const none = { roomName: null, floorName: null, organisationId: null };
    if (!floorId) return none;
    return this.places.get(`${siteId}/${floorId}/${roomId ?? ''}`) ?? this.places.get(`${siteId}/${floorId}/`) ?? none;
  }

  /** The site's name and time zone, from the cache. */
  info(siteId: string): { name: string; timezone: string } {
    return this.siteInfo.get(siteId) ?? { name: siteId, timezone: 'Europe/Amsterdam' };
  }

  instructionsFor(siteId: string, type: string): string[] {
    return this.instructions.get(siteId)?.[type] ?? [];
  }

  async list(): Promise<SiteDto[]> {
    const [sites, orgs, floors, rooms] = await Promise.all([
      this.db.getRepository(SiteEntity).find({ order: { id: 'ASC' } }),
      this.db.getRepository(OrganisationEntity).find({ order: { name: 'ASC' } }),
      this.db.getRepository(FloorEntity).find({ select: ['siteId', 'id', 'name', 'level', 'viewBox'], order: { level: 'ASC' } }),
      this.db.getRepository(RoomEntity).find({ order: { id: 'ASC' } }),
    ]);
    return sites.map((s) => ({
      id: s.id,
      name: s.name,
      timezone: s.timezone,
      organisations: orgs.filter((o) => o.siteId === s.id).map((o) => ({ id: o.id, name: o.name })),
      floors: floors
        .filter((f) => f.siteId === s.id)
        .map((f) => ({
          id: f.id,
          name: f.name,
          level: f.level,
          viewBox: f.viewBox,
          planUrl: `/api/v1/sites/${s.id}/floors/${f.id}/plan.svg`,
          rooms: rooms.filter((r) => r.siteId === s.id && r.floorId === f.id).map((r) => ({ id: r.id, name: r.name, floorId: r.floorId, rect: r.rect, organisationId: r.organisationId, frontOffice: r.frontOffice })),
        })),
    }));
  }

  async planSvg(siteId: string, floorId: string): Promise<string> {
    const floor = await this.db.getRepository(FloorEntity).findOneBy({ siteId, id: floorId });
    if (!floor) throw new NotFoundException(`no floor ${floorId} at site ${siteId}`);
    return floor.planSvg;
  }
}
