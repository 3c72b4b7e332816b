/**
 * Blocking and unblocking a badge: the badge's state, a badge action, and one `badges.block` /
 * `badges.unblock` command per door controller of the site (outbox rows tied to the action by
 * their correlation id), all in one transaction. The commands module retries each until its
 * door acks; the badge's detail shows per door whether it confirmed.
 */
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BadgeBlockReason, BadgeDetailDto } from '@wachtpost/contracts';
import { DataSource } from 'typeorm';
import { inTransaction, type UnitOfWork } from '../../database/unit-of-work';
import type { AuthUser } from '../auth/auth.decorators';
import { CommandsService } from '../commands/commands.service';
import { DevicesService } from '../devices/devices.service';
import { AccessSettingsService } from './access-settings.service';
import { BadgeActionEntity } from './badge-action.entity';
import { BadgeEntity } from './badge.entity';
import { todayIn, toBadgeDto } from './cardholders.service';
import { CardholderEntity } from './cardholder.entity';

@Injectable()
export class BadgesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commands: CommandsService,
    private readonly devices: DevicesService,
    private readonly settings: AccessSettingsService,
  ) {}

  async block(number: string, reason: BadgeBlockReason, note: string, user: AuthUser): Promise<BadgeDetailDto> {
    await inTransaction(this.db, (uow) => this.blockWithin(uow, number, reason, note, user.username));
    return this.detail(number);
  }

  /** Blocks a badge inside the caller's transaction (a building ban blocks the aggressor's badges with the follow-up). */
  async blockWithin(uow: UnitOfWork, number: string, reason: BadgeBlockReason, note: string, actor: string): Promise<void> {
    const { badge, holder } = await this.lock(uow, number);
    if (badge.blocked) throw new ConflictException(`badge ${number} is already blocked (${badge.blockReason}) since ${badge.blockedAt?.toISOString()}`);
    await uow.manager.query(`UPDATE badges SET blocked = true, block_reason = $2, block_note = $3, blocked_at = clock_timestamp(), blocked_by = $4 WHERE number = $1`, [
      number,
      reason,
      note || null,
      actor,
    ]);
    await this.sendToDoors(uow, number, holder.siteId, 'block', actor, reason, note);
  }

  async unblock(number: string, user: AuthUser): Promise<BadgeDetailDto> {
    await inTransaction(this.db, async (uow) => {
      const { badge, holder } = await this.lock(uow, number);
      if (!badge.blocked) throw new ConflictException(`badge ${number} is not blocked`);
      await uow.manager.query(`UPDATE badges SET blocked = false, block_reason = NULL, block_note = NULL, blocked_at = NULL, blocked_by = NULL WHERE number = $1`, [number]);
      await this.sendToDoors(uow, number, holder.siteId, 'unblock', user.username, null, '');
    });
    return this.detail(number);
  }

  async detail(number: string): Promise<BadgeDetailDto> {
    const badge = await this.db.getRepository(BadgeEntity).findOneBy({ number });
    if (!badge) throw new NotFoundException(`no badge ${number}`);
    const holder = await this.db.getRepository(CardholderEntity).findOneBy({ id: badge.cardholderId });
    const action = await this.db.getRepository(BadgeActionEntity).findOne({ where: { badge: number }, order: { at: 'DESC' } });
    const today = todayIn((await this.settings.forSite(holder?.siteId ?? '')).timezone);
    let lastAction: BadgeDetailDto['lastAction'] = null;
    if (action) {
      const [commands, devices] = await Promise.all([this.commands.forCorrelation(action.id), this.devices.list()]);
      const doors = commands.map((c) => ({
        doorId: c.deviceId,
        doorName: devices.find((d) => d.id === c.deviceId)?.name ?? c.deviceId,
        state: c.status,
        ackedAt: c.status === 'acked' ? (c.ackedAt?.toISOString() ?? null) : null,
        error: c.error,
      }));
      lastAction = { action: action.action, at: action.at.toISOString(), actor: action.actor, reason: action.reason, doors, confirmed: doors.every((d) => d.state === 'acked') };
    }
    return {
      badge: toBadgeDto(badge, today),
      cardholder: holder ? { id: holder.id, name: holder.name, organisation: holder.kind === 'staff' ? holder.organisationId : holder.kind } : null,
      lastAction,
    };
  }

  private async lock(uow: UnitOfWork, number: string): Promise<{ badge: BadgeEntity; holder: CardholderEntity }> {
    const badge = await uow.manager.getRepository(BadgeEntity).findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
    if (!badge) throw new NotFoundException(`no badge ${number}`);
    const holder = await uow.manager.getRepository(CardholderEntity).findOneByOrFail({ id: badge.cardholderId });
    return { badge, holder };
  }

  /** The action row, then one command per door of the site; older unconfirmed commands for this badge are stopped. */
  private async sendToDoors(uow: UnitOfWork, number: string, siteId: string, action: 'block' | 'unblock', actor: string, reason: BadgeBlockReason | null, note: string): Promise<void> {
    const earlier = await uow.manager.getRepository(BadgeActionEntity).find({ where: { badge: number }, select: ['id'] });
    await this.commands.supersede(
      uow,
      earlier.map((a) => a.id),
      `superseded by ${action} by ${actor}`,
    );
    const [row] = await uow.manager.query<{ id: string }[]>(
      `INSERT INTO badge_actions (badge, action, reason, note, actor, at) VALUES ($1, $2, $3, $4, $5, clock_timestamp()) RETURNING id`,
      [number, action, reason, note || null, actor],
    );
    const doors = (await this.devices.list()).filter((d) => d.siteId === siteId && d.kind === 'door');
    for (const door of doors) {
      await this.commands.queueCommand(uow, {
        siteId,
        deviceId: door.id,
        body: action === 'block' ? { type: 'badges.block', badges: [number] } : { type: 'badges.unblock', badges: [number] },
        correlationId: row!.id,
      });
    }
  }
}
