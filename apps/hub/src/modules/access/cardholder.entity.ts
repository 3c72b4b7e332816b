import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { CardholderKind, ResponderFunction } from '@wachtpost/contracts';

/** A person with one or more badges: staff of an organisation, a visitor or a contractor. */
@Entity('cardholders')
@Unique('uq_cardholders_site_external', ['siteId', 'externalId'])
@Index('ix_cardholders_username', ['username'], { where: 'username IS NOT NULL' })
export class CardholderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  /** The HR system's number. */
  @Column('text', { name: 'external_id' }) externalId: string;
  @Column('text') name: string;
  @Column('text') kind: CardholderKind;
  @Column('text', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('text', { name: 'bhv_functions', array: true, default: '{}' }) bhvFunctions: ResponderFunction[];
  /** The Wachtpost user of this person (BHV members), linking presence to dispatch. */
  @Column('text', { nullable: true }) username: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
