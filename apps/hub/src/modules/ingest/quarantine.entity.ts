import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { QuarantineReason } from '@wachtpost/contracts';

/** A device message that was not processed, kept so facilities can see what went wrong. */
@Entity('quarantine')
@Index('ix_quarantine_received', ['receivedAt'])
export class QuarantineEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text') topic: string;
  @Column('text') reason: QuarantineReason;
  @Column('text') detail: string;
  @Column('text', { name: 'payload_head' }) payloadHead: string;
  @Column('int') size: number;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt: Date;
}
