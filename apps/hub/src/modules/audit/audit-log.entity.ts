import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction } from '@wachtpost/contracts';

/** Who looked at or exported personal data, when, with which filter and how many rows (AVG). */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) at: Date;
  @Column('text') actor: string;
  @Column('text') action: AuditAction;
  @Column('jsonb', { default: {} }) filter: Record<string, unknown>;
  @Column('text', { nullable: true }) purpose: string | null;
  @Column('int', { name: 'row_count', nullable: true }) rowCount: number | null;
}
