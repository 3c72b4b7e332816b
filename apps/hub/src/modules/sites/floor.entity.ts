import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('floors')
export class FloorEntity {
  @PrimaryColumn('text', { name: 'site_id' }) siteId: string;
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('int') level: number;
  @Column('text', { name: 'plan_svg' }) planSvg: string;
  @Column('text', { name: 'view_box' }) viewBox: string;
}
