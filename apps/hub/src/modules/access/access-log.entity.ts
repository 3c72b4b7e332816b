import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessDenialReason, AccessResult } from '@wachtpost/contracts';

/**
 * Every badge presented at a door, resolved to its cardholder when stored. Written by ingest in
 * the batch's transaction, one multi-row insert per batch. Newest first by (ts, id): each filter
 * has an index ending in (ts, id), so a keyset page is one index range scan.
 */
@Entity('access_log')
@Index('ix_access_log_ts', ['ts', 'id'])
@Index('ix_access_log_door_ts', ['doorId', 'ts', 'id'])
@Index('ix_access_log_cardholder_ts', ['cardholderId', 'ts', 'id'], { where: 'cardholder_id IS NOT NULL' })
@Index('ix_access_log_badge_ts', ['badge', 'ts', 'id'])
@Index('ix_access_log_organisation_ts', ['organisation', 'ts', 'id'], { where: 'organisation IS NOT NULL' })
@Index('ix_access_log_denied_ts', ['ts', 'id'], { where: `result = 'denied'` })
export class AccessLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'door_id' }) doorId: string;
  /** The device's eventId (with door_id the key of the stored device event). */
  @Column('text', { name: 'event_id' }) eventId: string;
  /** The door controller's clock. */
  @Column('timestamptz') ts: Date;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt: Date;
  @Column('text') badge: string;
  @Column('text') direction: 'in' | 'out';
  @Column('text') result: AccessResult;
  @Column('text', { nullable: true }) reason: AccessDenialReason | null;
  @Column('uuid', { name: 'cardholder_id', nullable: true }) cardholderId: string | null;
  /** The cardholder's group when stored: organisation id, visitor or contractor. */
  @Column('text', { nullable: true }) organisation: string | null;
}
