import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ResponderFunction } from '@wachtpost/contracts';

/** A BHV member: a user who can be alerted, with what they can do and how to reach them. */
@Entity('responders')
export class ResponderEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'organisation_id' }) organisationId: string;
  @Column('text', { array: true }) functions: ResponderFunction[];
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
}
