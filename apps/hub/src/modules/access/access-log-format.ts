/**
 * How the access log leaves the hub, pure: the opaque keyset cursor, pseudonyms for names,
 * plain-language reasons and CSV lines for the export.
 */
import { BadRequestException } from '@nestjs/common';
import { accessReasonTexts, type AccessDenialReason } from '@wachtpost/contracts';
import { createHmac } from 'node:crypto';

/** Position after the last row of a page: its time (Postgres text, microseconds kept) and id. */
export interface Cursor {
  ts: string;
  id: string;
}

/** Postgres' text form of a timestamptz, e.g. `2026-11-28 10:15:03.120123+01`. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.ts, c.id])).toString('base64url');
}

/** A 400 for anything that is not a cursor this hub handed out. */
export function decodeCursor(cursor: string): Cursor {
  const bad = () => new BadRequestException('cursor: not a cursor from a previous page (use nextCursor as given)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad();
  const [ts, id] = parsed as unknown[];
  if (typeof ts !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id) || !PG_TIMESTAMPTZ.test(ts)) throw bad();
  return { ts, id };
}

/** A stable stand-in for a name: the same person gets the same pseudonym, which reveals nothing without the key. */
export function pseudonym(key: Buffer, cardholderId: string): string {
  return `Persoon ${createHmac('sha256', key).update(cardholderId).digest('hex').slice(0, 8)}`;
}

export function reasonText(result: 'granted' | 'denied', reason: AccessDenialReason | null): { nl: string; en: string } {
  return result === 'granted' ? accessReasonTexts.granted : accessReasonTexts[reason ?? 'no_permission'];
}

/**
 * One CSV line (RFC 4180, CRLF). Cells that a spreadsheet would run as a formula (= + - @ and
 * control characters first) get a leading apostrophe: badge numbers come from devices.
 */
export function csvLine(cells: (string | number | null)[]): string {
  return (
    cells
      .map((cell) => {
        let s = cell === null ? '' : String(cell);
        if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
        return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}
