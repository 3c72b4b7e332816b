import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DoorRules, OpeningHours } from '@wachtpost/contracts';

/** A site's access settings, from the site file's `access` section. */
@Entity('access_settings')
export class AccessSettingsEntity {
  @PrimaryColumn('text', { name: 'site_id' }) siteId: string;
  /** The site's time zone (copied from the site file with the rest). */
  @Column('text') timezone: string;
  @Column('int', { name: 'retention_days', default: 90 }) retentionDays: number;
  /** HH:MM, local. */
  @Column('text', { name: 'presence_reset_time', default: '04:00' }) presenceResetTime: string;
  @Column('jsonb', { name: 'opening_hours', default: {} }) openingHours: OpeningHours;
  @Column('jsonb', { name: 'door_rules' }) doorRules: DoorRules;
  @Column('jsonb', { default: {} }) doors: Record<string, Partial<DoorRules>>;
}
