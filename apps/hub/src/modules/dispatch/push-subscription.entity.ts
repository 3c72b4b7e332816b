import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A browser's Web Push subscription for a responder. */
@Entity('push_subscriptions')
@Index('uq_push_subscriptions_endpoint', ['endpoint'], { unique: true })
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') endpoint: string;
  @Column('jsonb') keys: { p256dh: string; auth: string };
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
