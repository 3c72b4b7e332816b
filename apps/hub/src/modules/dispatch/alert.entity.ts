import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertStatus, Scenario } from '@wachtpost/contracts';

/** One start of a scenario: rounds of deliveries until the quorum is met or the all-clear. */
@Entity('alerts')
@Index('ix_alerts_incident', ['incidentId'])
@Index('ix_alerts_started', ['startedAt'])
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'scenario_id' }) scenarioId: string;
  /** The scenario as it was when the alert started. */
  @Column('jsonb') scenario: Scenario;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('boolean', { default: false }) drill: boolean;
  @Column('text') status: AlertStatus;
  @Column('text') message: string;
  @Column('int', { default: 1 }) round: number;
  @Column('timestamptz', { name: 'next_round_at', nullable: true }) nextRoundAt: Date | null;
  @Column('boolean', { name: 'quorum_warning', default: false }) quorumWarning: boolean;
  @Column('text', { name: 'room_id', nullable: true }) roomId: string | null;
  @Column('text', { name: 'floor_id', nullable: true }) floorId: string | null;
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' }) startedAt: Date;
  @Column('text', { name: 'started_by', nullable: true }) startedBy: string | null;
  @Column('timestamptz', { name: 'first_coming_at', nullable: true }) firstComingAt: Date | null;
  @Column('timestamptz', { name: 'quorum_met_at', nullable: true }) quorumMetAt: Date | null;
  @Column('timestamptz', { name: 'all_clear_at', nullable: true }) allClearAt: Date | null;
  @Column('text', { name: 'all_clear_by', nullable: true }) allClearBy: string | null;
}
