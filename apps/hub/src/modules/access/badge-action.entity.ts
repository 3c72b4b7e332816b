import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BadgeBlockReason } from '@wachtpost/contracts';

/** A block or unblock of a badge; its id ties the per-door commands (device_commands.correlation_id) to it. */
@Entity('badge_actions')
@Index('ix_badge_actions_badge_at', ['badge', 'at'])
export class BadgeActionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') badge: string;
  @Column('text') action: 'block' | 'unblock';
  @Column('text', { nullable: true }) reason: BadgeBlockReason | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text') actor: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
