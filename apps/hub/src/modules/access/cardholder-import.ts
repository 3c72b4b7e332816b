/**
 * Reads the HR system's CSV export of cardholders (pure: bytes in, rows and rejections out).
 * UTF-8 (a BOM is fine), `,` or `;` between fields, a header row naming the columns in any
 * order; several badges or BHV functions in one cell are separated by `|`. Every problem is
 * reported with its line; the service imports nothing unless the whole file is clean.
 */
import {
  badgeNumberSchema,
  cardholderImportColumns,
  cardholderImportRequiredColumns,
  cardholderKinds,
  responderFunctions,
  type CardholderKind,
  type ImportRejection,
  type ResponderFunction,
} from '@wachtpost/contracts';
import { parse } from 'csv-parse/sync';

export interface ImportedCardholder {
  line: number;
  externalId: string;
  name: string;
  kind: CardholderKind;
  organisationId: string | null;
  bhv: ResponderFunction[];
  username: string | null;
  badges: string[];
  validUntil: string | null;
}

export interface ParsedImport {
  rows: ImportedCardholder[];
  rejected: ImportRejection[];
}

type Column = (typeof cardholderImportColumns)[number];
const MAX_ROWS = 50_000;

/** Lines (1-based) holding bytes that are not valid UTF-8. */
function badEncodingLines(bytes: Buffer): number[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bad: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        bad.push(line);
      }
      start = i + 1;
      line++;
    }
  }
  return bad;
}

/** YYYY-MM-DD naming a real day (no 30 February). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const split = (cell: string) =>
  cell
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseCardholderCsv(bytes: Buffer, organisations: readonly string[]): ParsedImport {
  const rejected: ImportRejection[] = [];
  const reject = (line: number, column: string | null, reason: string) => rejected.push({ line, column, reason });

  const badLines = badEncodingLines(bytes);
  if (badLines.length) {
    for (const line of badLines.slice(0, 100)) reject(line, null, 'not valid UTF-8 (save the export as CSV UTF-8)');
    return { rows: [], rejected };
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) return { rows: [], rejected: [{ line: 1, column: null, reason: 'the file is empty: a header row and at least one cardholder are needed' }] };
  if (text.includes('\u0000')) return { rows: [], rejected: [{ line: 1, column: null, reason: 'the file contains NUL characters: it is not a text CSV' }] };

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: [',', ';'],
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) reject(typeof err.lines === 'number' ? err.lines : 0, null, `unreadable row: ${err.message}`);
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], rejected: [...rejected, { line: e.lines ?? 1, column: null, reason: `unreadable CSV: ${e.message}` }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], rejected: [{ line: 1, column: null, reason: 'no header row' }] };

  // ---- header -------------------------------------------------------------------------------
  const names = header.record.map((h) => h.trim().toLowerCase());
  const index = new Map<Column, number>();
  names.forEach((name, i) => {
    if (!(cardholderImportColumns as readonly string[]).includes(name)) {
      reject(header.info.lines, name || `(column ${i + 1})`, `unknown column "${name}"; the columns are ${cardholderImportColumns.join(', ')}`);
    } else if (index.has(name as Column)) {
      reject(header.info.lines, name, `column "${name}" appears twice`);
    } else {
      index.set(name as Column, i);
    }
  });
  for (const required of cardholderImportRequiredColumns) {
    if (!index.has(required)) reject(header.info.lines, required, `required column "${required}" is missing`);
  }
  if (rejected.length) return { rows: [], rejected };
  if (data.length > MAX_ROWS) return { rows: [], rejected: [{ line: 1, column: null, reason: `at most ${MAX_ROWS} rows per file` }] };

  // ---- rows ---------------------------------------------------------------------------------
  const rows: ImportedCardholder[] = [];
  const badgeLines = new Map<string, number>();
  const idLines = new Map<string, number>();
  for (const { record, info } of data) {
    const line = info.lines;
    const before = rejected.length;
    if (record.length !== header.record.length) {
      reject(line, null, `has ${record.length} fields; the header has ${header.record.length}`);
      continue;
    }
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };

    const externalId = cell('external_id');
    if (!externalId) reject(line, 'external_id', 'external_id is empty');
    else if (externalId.length > 64) reject(line, 'external_id', 'external_id has more than 64 characters');
    else if (idLines.has(externalId)) reject(line, 'external_id', `external_id ${externalId} is also on line ${idLines.get(externalId)}`);
    else idLines.set(externalId, line);

    const name = cell('name');
    if (!name) reject(line, 'name', 'name is empty');
    else if (name.length > 200) reject(line, 'name', 'name has more than 200 characters');

    const kind = (cell('kind') || 'staff').toLowerCase();
    if (!(cardholderKinds as readonly string[]).includes(kind)) reject(line, 'kind', `kind "${kind}" is not one of ${cardholderKinds.join(', ')}`);

    const organisationId = cell('organisation') || null;
    if (organisationId && !organisations.includes(organisationId)) {
      reject(line, 'organisation', `organisation "${organisationId}" is not one of this site's: ${organisations.join(', ')}`);
    } else if (!organisationId && kind === 'staff') {
      reject(line, 'organisation', 'staff need an organisation');
    }

    const bhv = split(cell('bhv').toLowerCase());
    for (const f of bhv) if (!(responderFunctions as readonly string[]).includes(f)) reject(line, 'bhv', `BHV function "${f}" is not one of ${responderFunctions.join(', ')}`);

    const username = cell('username') || null;
    if (username && (username.length > 64 || /\s/.test(username))) reject(line, 'username', 'username has spaces or more than 64 characters');

    const badges = split(cell('badges'));
    if (!badges.length) reject(line, 'badges', 'at least one badge number is needed');
    for (const badge of badges) {
      const ok = badgeNumberSchema.safeParse(badge);
      if (!ok.success) reject(line, 'badges', `badge "${badge.slice(0, 70)}": ${ok.error.issues[0]?.message ?? 'invalid'}`);
      else if (badgeLines.has(badge)) reject(line, 'badges', `duplicate badge ${badge}: also on line ${badgeLines.get(badge)}`);
      else badgeLines.set(badge, line);
    }

    const validUntil = cell('valid_until') || null;
    if (validUntil && !isCalendarDate(validUntil)) {
      reject(line, 'valid_until', `valid_until "${validUntil}" is not a date YYYY-MM-DD`);
    }

    if (rejected.length === before) {
      rows.push({ line, externalId, name, kind: kind as CardholderKind, organisationId, bhv: [...new Set(bhv)] as ResponderFunction[], username, badges, validUntil });
    }
  }
  if (!rows.length && !rejected.length) rejected.push({ line: 2, column: null, reason: 'the file has a header but no cardholders' });
  return { rows, rejected };
}
