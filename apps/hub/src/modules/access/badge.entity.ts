import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BadgeBlockReason } from '@wachtpost/contracts';

/** A badge: its number is what the door controllers report. Blocked by a person; expired by date. */
@Entity('badges')
@Index('ix_badges_cardholder', ['cardholderId'])
export class BadgeEntity {
  @PrimaryColumn('text') number: string;
  @Column('uuid', { name: 'cardholder_id' }) cardholderId: string;
  @Column('boolean', { default: false }) blocked: boolean;
  @Column('text', { name: 'block_reason', nullable: true }) blockReason: BadgeBlockReason | null;
  @Column('text', { name: 'block_note', nullable: true }) blockNote: string | null;
  @Column('timestamptz', { name: 'blocked_at', nullable: true }) blockedAt: Date | null;
  @Column('text', { name: 'blocked_by', nullable: true }) blockedBy: string | null;
  /** Last day the badge works (site's date); null: no end. */
  @Column('date', { name: 'valid_until', nullable: true }) validUntil: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
