import { Column, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { TimelineKind } from '@wachtpost/contracts';
import { IncidentEntity } from './incident.entity';

/** One entry of an incident's timeline: append-only. */
@Entity('incident_events')
@Index('ix_incident_events_incident', ['incidentId', 'at'])
export class IncidentEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('text') kind: TimelineKind;
  @Column('text', { nullable: true }) actor: string | null;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
}
