import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('sites')
export class SiteEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text') timezone: string;
  /** Instructions per incident type, shown to the guard beside an alarm. */
  @Column('jsonb', { default: {} }) instructions: Record<string, string[]>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
