import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The alert's logbook: append-only. */
@Entity('alert_log')
@Index('ix_alert_log_alert', ['alertId', 'at'])
export class AlertLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'alert_id' }) alertId: string;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) at: Date;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) actor: string | null;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
}
