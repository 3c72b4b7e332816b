import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeviceKind } from '@wachtpost/contracts';

/** A registered device. Its id is its MQTT client id, unique across the broker. */
@Entity('devices')
@Index('ix_devices_site', ['siteId'])
export class DeviceEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text') kind: DeviceKind;
  @Column('text') name: string;
  @Column('text', { name: 'floor_id' }) floorId: string;
  @Column('text', { name: 'room_id', nullable: true }) roomId: string | null;
  @Column('real', { name: 'pos_x' }) posX: number;
  @Column('real', { name: 'pos_y' }) posY: number;
  @Column('int', { name: 'heartbeat_seconds' }) heartbeatSeconds: number;
  @Column('boolean', { default: false }) online: boolean;
  @Column('timestamptz', { name: 'last_seen', nullable: true }) lastSeen: Date | null;
  @Column('int', { nullable: true }) battery: number | null;
  @Column('int', { nullable: true }) rssi: number | null;
  @Column('text', { nullable: true }) fw: string | null;
  @Column('boolean', { default: false }) tamper: boolean;
  @Column('text', { name: 'door_state', nullable: true }) doorState: 'open' | 'closed' | null;
}
