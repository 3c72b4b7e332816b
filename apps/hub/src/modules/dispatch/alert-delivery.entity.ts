import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryKind, DeliveryState, DispatchChannel } from '@wachtpost/contracts';

/**
 * One message to one person on one channel. The unique key makes a delivery happen at most
 * once per alert, person, channel, round and kind, however often a job is retried.
 */
@Entity('alert_deliveries')
@Index('uq_alert_deliveries_once', ['alertId', 'userId', 'channel', 'round', 'kind'], { unique: true })
@Index('ix_alert_deliveries_outbox', ['enqueued', 'createdAt'], { where: 'enqueued = false' })
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'alert_id' }) alertId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') channel: DispatchChannel;
  @Column('int') round: number;
  @Column('text') kind: DeliveryKind;
  @Column('text', { default: 'queued' }) state: DeliveryState;
  @Column('boolean', { default: false }) enqueued: boolean;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) error: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}
