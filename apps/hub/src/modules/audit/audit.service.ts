/** The audit log: every search, person-history view and export of the access log, every view of an incident's personal details, every report, and every retention run. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditEntryDto } from '@wachtpost/contracts';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  filter: Record<string, unknown>;
  purpose?: string | null;
  rowCount?: number | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(r: AuditRecord, manager: EntityManager = this.db.manager): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO audit_log (at, actor, action, filter, purpose, row_count) VALUES (clock_timestamp(), $1, $2, $3, $4, $5) RETURNING id`,
      [r.actor, r.action, JSON.stringify(r.filter), r.purpose ?? null, r.rowCount ?? null],
    );
    return row!.id;
  }

  async setRowCount(id: string, rowCount: number): Promise<void> {
    await this.db.query(`UPDATE audit_log SET row_count = $2 WHERE id = $1`, [id, rowCount]);
  }

  async list(q: { from?: string; to?: string; limit: number }): Promise<AuditEntryDto[]> {
    const rows = await this.db.query<{ id: string; at: Date; actor: string; action: AuditAction; filter: Record<string, unknown>; purpose: string | null; row_count: number | null }[]>(
      `SELECT id, at, actor, action, filter, purpose, row_count FROM audit_log
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
        ORDER BY at DESC, id DESC LIMIT $3`,
      [q.from ?? null, q.to ?? null, q.limit],
    );
    return rows.map((r) => ({ id: String(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, filter: r.filter, purpose: r.purpose, rowCount: r.row_count }));
  }
}
