import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn('text', { name: 'site_id' }) siteId: string;
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
}
