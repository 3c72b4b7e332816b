import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IncidentKind, IncidentOutcome, IncidentStatus, IncidentType } from '@wachtpost/contracts';

/** At most one unresolved incident per device and type: further triggers join it. */
@Entity('incidents')
@Index('uq_incidents_active_device_type', ['deviceId', 'type'], { unique: true, where: `status <> 'resolved'` })
@Index('ix_incidents_status_opened', ['status', 'openedAt'])
/** The register, the evaluation and the incident list read by time, whatever the status. */
@Index('ix_incidents_opened', ['openedAt'])
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') kind: IncidentKind;
  @Column('text') type: IncidentType;
  @Column('int') priority: number;
  @Column('text') status: IncidentStatus;
  @Column('boolean', { default: false }) silent: boolean;
  @Column('text', { name: 'device_id', nullable: true }) deviceId: string | null;
  @Column('text', { name: 'room_id', nullable: true }) roomId: string | null;
  @Column('text', { name: 'floor_id', nullable: true }) floorId: string | null;
  @Column('int', { name: 'trigger_count', default: 1 }) triggerCount: number;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @Column('timestamptz', { name: 'last_trigger_at' }) lastTriggerAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('text', { name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('text', { name: 'resolved_by', nullable: true }) resolvedBy: string | null;
  @Column('text', { nullable: true }) outcome: IncidentOutcome | null;
  @Column('text', { nullable: true }) note: string | null;
}
