import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeviceCommandType } from '@wachtpost/contracts';

export type CommandStatus = 'queued' | 'sent' | 'acked' | 'failed';

/**
 * A command for a device. Written in the same transaction as the fact that caused it (the
 * outbox); handed to BullMQ after commit and retried until the device acks on cmd/ack.
 */
@Entity('device_commands')
@Index('ix_device_commands_pending', ['enqueued', 'createdAt'], { where: `enqueued = false` })
@Index('ix_device_commands_correlation', ['correlationId'], { where: `correlation_id IS NOT NULL` })
export class DeviceCommandEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'device_id' }) deviceId: string;
  @Column('text') type: DeviceCommandType;
  /** The command's fields other than cmdId and type. */
  @Column('jsonb', { default: {} }) params: Record<string, unknown>;
  @Column('text', { default: 'queued' }) status: CommandStatus;
  @Column('boolean', { default: false }) enqueued: boolean;
  @Column('int', { default: 0 }) attempts: number;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  /** Ties the command to whatever caused it besides an incident (e.g. a badge block), so its caller can report per device. */
  @Column('uuid', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { name: 'acked_at', nullable: true }) ackedAt: Date | null;
  @Column('text', { nullable: true }) error: string | null;
}
