import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { IncidentEntity } from '../incidents/incident.entity';
import type { FollowUpStatus, IncidentCategory, InvolvedEmployee } from '@wachtpost/contracts';

type PoliceReport = { filedBy: 'employer' | 'employee'; number: string; filedOn: string | null };
type AggressorTalk = { date: string; by: string };
type BuildingBan = { from: string; until: string; letterSent: boolean; cardholderId: string | null };
type Aftercare = { offered: boolean; by: string; on: string | null };

/** The follow-up of one incident: what happened, to whom, what was done and learned. One row per incident. */
@Entity('incident_follow_ups')
@Index('ix_follow_ups_due', ['status', 'dueDate'])
export class FollowUpEntity {
  @PrimaryColumn('uuid', { name: 'incident_id' }) incidentId: string;
  @OneToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
  @Column('text', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('text', { nullable: true }) category: IncidentCategory | null;
  @Column('text', { default: '' }) location: string;
  @Column('text', { default: '' }) description: string;
  /** Personal data: shown only in the follow-up itself (audited), pseudonymised elsewhere. */
  @Column('jsonb', { default: [] }) employees: InvolvedEmployee[];
  @Column('boolean', { default: false }) injury: boolean;
  @Column('boolean', { default: false }) damage: boolean;
  @Column('text', { name: 'injury_damage_note', default: '' }) injuryDamageNote: string;
  @Column('boolean', { name: 'police_called', default: false }) policeCalled: boolean;
  @Column('jsonb', { name: 'police_report', nullable: true }) policeReport: PoliceReport | null;
  @Column('jsonb', { name: 'aggressor_talk', nullable: true }) aggressorTalk: AggressorTalk | null;
  @Column('jsonb', { name: 'building_ban', nullable: true }) buildingBan: BuildingBan | null;
  @Column('jsonb', { nullable: true }) aftercare: Aftercare | null;
  @Column('text', { default: '' }) measures: string;
  @Column('text', { name: 'lessons_learned', default: '' }) lessonsLearned: string;
  @Column('text', { default: 'open' }) status: FollowUpStatus;
  @Column('text', { nullable: true }) owner: string | null;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt: Date | null;
  /** Badges blocked for the building ban (numbers), so a changed ban does not block twice. */
  @Column('text', { name: 'blocked_badges', array: true, default: () => `'{}'` }) blockedBadges: string[];
  /** When retention erased the personal details (FOLLOW_UP_RETENTION_DAYS). */
  @Column('timestamptz', { name: 'personal_data_erased_at', nullable: true }) personalDataErasedAt: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', nullable: true }) updatedAt: Date | null;
  @Column('text', { name: 'updated_by', nullable: true }) updatedBy: string | null;
}
