import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Scenario } from '@wachtpost/contracts';

@Entity('scenarios')
export class ScenarioEntity {
  @PrimaryColumn('text', { name: 'site_id' }) siteId: string;
  @PrimaryColumn('text') id: string;
  /** The scenario as written in the site file (validated by the contracts' scenarioSchema). */
  @Column('jsonb') definition: Scenario;
}
