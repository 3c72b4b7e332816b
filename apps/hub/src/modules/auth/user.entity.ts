import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@wachtpost/contracts';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) username: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text', { array: true }) roles: Role[];
  /** The organisation a manager answers for (a team lead). */
  @Column('text', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  /** A manager who answers for the whole campus (the security coordinator); set explicitly, never implied. */
  @Column('boolean', { name: 'campus_scope', default: false }) campusScope: boolean;
  /** Demo users exist only in demo mode; a production start refuses to run while any exist. */
  @Column('boolean', { name: 'is_demo', default: false }) isDemo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
