import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Rect } from '@wachtpost/contracts';

@Entity('rooms')
export class RoomEntity {
  @PrimaryColumn('text', { name: 'site_id' }) siteId: string;
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'floor_id' }) floorId: string;
  @Column('text') name: string;
  @Column('jsonb') rect: Rect;
  @Column('text', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('boolean', { name: 'front_office', default: false }) frontOffice: boolean;
}
