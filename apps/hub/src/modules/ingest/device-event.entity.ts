import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Every device event, stored once: (device_id, event_id) is unique. */
@Entity('device_events')
@Unique('uq_device_events_device_event', ['deviceId', 'eventId'])
@Index('ix_device_events_device_ts', ['deviceId', 'ts'])
@Index('ix_device_events_ts', ['ts'])
export class DeviceEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'device_id' }) deviceId: string;
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text') type: string;
  @Column('timestamptz') ts: Date;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt: Date;
  @Column('jsonb') payload: Record<string, unknown>;
}
