import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An evacuation roll call; at most one active per site. */
@Entity('evacuations')
@Index('uq_evacuations_active_site', ['siteId'], { unique: true, where: `status = 'active'` })
export class EvacuationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') status: 'active' | 'closed';
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' }) startedAt: Date;
  @Column('text', { name: 'started_by' }) startedBy: string;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('text', { name: 'closed_by', nullable: true }) closedBy: string | null;
}
