import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ResponderFunction, ResponseAnswer } from '@wachtpost/contracts';

@Entity('alert_recipients')
export class AlertRecipientEntity {
  @PrimaryColumn('uuid', { name: 'alert_id' }) alertId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  /** The round that brought this person in. */
  @Column('int') round: number;
  @Column('text', { array: true }) functions: ResponderFunction[];
  @Column('text', { default: 'pending' }) answer: ResponseAnswer | 'pending';
  @Column('int', { name: 'eta_minutes', nullable: true }) etaMinutes: number | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt: Date | null;
}
