import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvacuationPersonStatus } from '@wachtpost/contracts';

/** One person on a roll call: present when it started (or badged in during it). */
@Entity('evacuation_people')
@Index('ix_evacuation_people_cardholder', ['cardholderId'])
export class EvacuationPersonEntity {
  @PrimaryColumn('uuid', { name: 'evacuation_id' }) evacuationId: string;
  @PrimaryColumn('uuid', { name: 'cardholder_id' }) cardholderId: string;
  /** Name and group as they were when the roll call started (the list must not change under the BHV). */
  @Column('text') name: string;
  @Column('text', { nullable: true }) organisation: string | null;
  @Column('text', { default: 'missing' }) status: EvacuationPersonStatus;
  @Column('text', { name: 'last_door_id', nullable: true }) lastDoorId: string | null;
  @Column('text', { name: 'last_direction', nullable: true }) lastDirection: 'in' | 'out' | null;
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt: Date | null;
  @Column('text', { name: 'accounted_by', nullable: true }) accountedBy: string | null;
  @Column('timestamptz', { name: 'accounted_at', nullable: true }) accountedAt: Date | null;
  @Column('timestamptz', { name: 'left_at', nullable: true }) leftAt: Date | null;
}
