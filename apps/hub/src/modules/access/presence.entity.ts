import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where each cardholder was last granted access: in or out, at which door and when (door clock). */
@Entity('presence')
@Index('ix_presence_site_at', ['siteId', 'at'])
export class PresenceEntity {
  @PrimaryColumn('uuid', { name: 'cardholder_id' }) cardholderId: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') direction: 'in' | 'out';
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'door_id' }) doorId: string;
}
