/**
 * The period report: a print page (HTML, Dutch, no names) that headless Chromium turns into the
 * PDF, and the CSV with one row per incident. Pure, so both are tested without a browser.
 */
import type { DurationStat, EvaluationCategory, EvaluationDto } from '@wachtpost/contracts';
import { csvLine } from '../access/access-log-format';
import type { ReportRow } from './evaluation.service';

export const categoryNames: Record<EvaluationCategory, string> = {
  verbal_aggression: 'Verbale agressie',
  threat: 'Bedreiging',
  physical_aggression: 'Fysieke agressie',
  intimidation: 'Intimidatie',
  sexual_intimidation: 'Seksuele intimidatie',
  discrimination: 'Discriminatie',
  vandalism: 'Vernieling',
  bribery: 'Omkoping of ongewenste beïnvloeding',
  medical: 'Medisch',
  fire: 'Brand',
  technical: 'Technisch',
  false_alarm: 'Loos alarm',
  drill: 'Oefening',
  uncategorised: 'Nog niet ingedeeld',
};
const weekdays = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

const esc = (s: string | number | null) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 2026-07-01 → "1 juli 2026". */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** Seconds as m:ss (or h:mm:ss); a dash when nothing was measured. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '0' : 'nieuw';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

function table(caption: string, head: string[], rows: (string | number)[][], numeric: number[] = []): string {
  if (rows.length === 0) return `<h3>${esc(caption)}</h3><p class="empty">Geen incidenten.</p>`;
  const cell = (v: string | number, i: number, tag: 'td' | 'th') => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${esc(v)}</${tag}>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((v, i) => cell(v, i, 'td')).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function bars(caption: string, items: { label: string; count: number }[]): string {
  const max = Math.max(1, ...items.map((i) => i.count));
  return `<figure aria-hidden="true"><figcaption>${esc(caption)}</figcaption>${items
    .map((i) => `<div class="bar"><span class="label">${esc(i.label)}</span><span class="fill" style="width:${(i.count / max) * 60}%"></span><span class="n">${i.count}</span></div>`)
    .join('')}</figure>`;
}

function responseRows(r: EvaluationDto['response']): (string | number)[][] {
  const row = (label: string, s: DurationStat) => [label, s.count, duration(s.medianSeconds), duration(s.p90Seconds)];
  return [
    row('Druk → bevestigd door beveiliging', r.acknowledged),
    row('Druk → eerste BHV\'er "ik kom"', r.firstComing),
    row('Druk → genoeg BHV\'ers onderweg', r.quorum),
    row('Druk → afgehandeld', r.resolved),
  ];
}

export function reportTitle(e: EvaluationDto, placeName: string): string {
  return `Evaluatie incidenten ${placeName}, ${longDate(e.period.from)} t/m ${longDate(e.period.to)}`;
}

/** The print page. `placeName` is the site or organisation name. */
export function reportHtml(e: EvaluationDto, placeName: string, generatedAt: Date): string {
  const title = reportTitle(e, placeName);
  const cats = e.byCategory.map((c) => ({ label: categoryNames[c.category], count: c.count }));
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
@page { size: A4; margin: 18mm 16mm; }
body { font: 10.5pt/1.4 system-ui, sans-serif; color: #1b1f24; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #ccd; break-after: avoid; }
h3, caption { font-size: 10.5pt; font-weight: 600; text-align: left; margin: 3mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; break-inside: avoid; }
th, td { border-bottom: 1px solid #e1e4e8; padding: 1mm 2mm; text-align: left; } .num { text-align: right; }
.meta { color: #555; } .empty { color: #555; font-style: italic; }
.summary { display: flex; gap: 8mm; } .summary div { border: 1px solid #ccd; padding: 2mm 4mm; border-radius: 2mm; }
.summary strong { font-size: 16pt; display: block; }
figure { margin: 2mm 0; } figcaption { font-weight: 600; }
.bar { display: flex; align-items: center; gap: 2mm; } .bar .label { width: 55mm; } .bar .fill { background: #2f6fb3; height: 3mm; display: inline-block; }
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Vergeleken met ${esc(longDate(e.previousPeriod.from))} t/m ${esc(longDate(e.previousPeriod.to))}. Tijden in ${esc(e.timezone)}.
Dit rapport bevat geen namen. Oefeningen staan apart en tellen niet mee in de cijfers. Gemaakt op ${esc(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.</p>
<div class="summary">
<div><strong>${e.total.count}</strong>incidenten (vorige periode ${e.total.previous}, ${esc(change(e.total.count, e.total.previous))})</div>
<div><strong>${e.followUp.overdue}</strong>nazorg over de termijn</div>
<div><strong>${e.drills.count}</strong>oefeningen</div>
</div>
<h2>Soort incident</h2>
${bars('Incidenten per soort', cats)}
${table('Incidenten per soort', ['Soort', 'Aantal', 'Vorige periode', 'Verschil'], e.byCategory.map((c) => [categoryNames[c.category], c.count, c.previous, change(c.count, c.previous)]), [1, 2, 3])}
<h2>Plaats</h2>
${table('Frontoffice of elders', ['Plaats', 'Aantal'], [['Frontoffice (balie, spreekkamers)', e.byPlace.frontOffice], ['Elders', e.byPlace.elsewhere]], [1])}
${table('Per ruimte', ['Ruimte', 'Verdieping', 'Aantal'], e.byRoom.map((r) => [r.roomName ?? 'Buiten het gebouw of onbekend', r.floorName ?? '–', r.count]), [2])}
${table('Per verdieping', ['Verdieping', 'Aantal'], e.byFloor.map((f) => [f.floorName ?? 'Buiten het gebouw of onbekend', f.count]), [1])}
<h2>Dag en tijd</h2>
${table('Per weekdag', ['Weekdag', 'Aantal'], e.byWeekday.map((d) => [weekdays[d.weekday - 1]!, d.count]), [1])}
${table('Per uur (alleen uren met incidenten)', ['Uur', 'Aantal'], e.byHour.filter((h) => h.count > 0).map((h) => [`${String(h.hour).padStart(2, '0')}:00–${String(h.hour).padStart(2, '0')}:59`, h.count]), [1])}
<h2>Reactietijden bij alarmknoppen</h2>
${table('Reactietijden (minuten:seconden)', ['Van druk tot', 'Aantal', 'Mediaan', '90e percentiel'], responseRows(e.response), [1, 2, 3])}
<h2>Loze alarmen per apparaat</h2>
${table('Loze alarmen', ['Apparaat', 'Ruimte', 'Incidenten', 'Loos', 'Aandeel'], e.falseAlarms.map((d) => [d.deviceName, d.roomName ?? '–', d.alarms, d.falseAlarms, `${Math.round(d.rate * 100)}%`]), [2, 3, 4])}
<h2>Nazorg</h2>
${table('Stand van de nazorg (incidenten uit deze periode)', ['Status', 'Aantal'], [['Open', e.followUp.open], ['Nazorg afgerond', e.followUp.followUpDone], ['Gesloten', e.followUp.closed], ['Over de termijn (nu, alle perioden)', e.followUp.overdue]], [1])}
<h2>Oefeningen</h2>
${table('Reactietijden bij oefeningen', ['Van start tot', 'Aantal', 'Mediaan', '90e percentiel'], responseRows(e.drills.response), [1, 2, 3])}
</body></html>`;
}

export const CSV_HEADER = [
  'incident',
  'moment',
  'weekdag',
  'uur',
  'bron',
  'soort',
  'oefening',
  'organisatie',
  'verdieping',
  'ruimte',
  'frontoffice',
  'druk_tot_bevestigd_s',
  'druk_tot_eerste_bhv_s',
  'druk_tot_quorum_s',
  'druk_tot_afgehandeld_s',
  'politie_gebeld',
  'aangifte',
  'gebouwverbod',
  'nazorg_aangeboden',
  'status_nazorg',
  'over_termijn',
];

const yesNo = (b: boolean) => (b ? 'ja' : 'nee');
const secs = (s: number | null) => (s === null ? null : Math.round(s * 10) / 10);

/** One CSV line per incident of the period, drills included (column `oefening`), without names. */
export function reportCsvLine(r: ReportRow, timezone: string): string {
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' }).format(r.openedAt);
  return csvLine([
    r.incidentId,
    local,
    weekdays[r.weekday - 1]!,
    r.hour,
    r.kind,
    r.category ?? 'uncategorised',
    yesNo(r.category === 'drill'),
    r.organisationId,
    r.floorName,
    r.roomName,
    yesNo(r.frontOffice),
    secs(r.ackSeconds),
    secs(r.comingSeconds),
    secs(r.quorumSeconds),
    secs(r.resolvedSeconds),
    yesNo(r.policeCalled),
    yesNo(r.policeReport),
    yesNo(r.buildingBan),
    yesNo(r.aftercareOffered),
    r.status,
    yesNo(r.overdue),
  ]);
}
