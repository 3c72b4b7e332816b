import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Values the hub generates once and keeps (e.g. the Web Push VAPID keys). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn('text') key: string;
  @Column('jsonb') value: unknown;
}
