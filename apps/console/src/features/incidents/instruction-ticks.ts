/**
 * Ticking off an instruction writes a note to the incident's timeline, so what the guard did
 * is in the record (for the evaluation, and for a second console). The checklist's state is
 * read back from those notes. Pure (unit-tested by jest).
 *
 * The notes are language-neutral: "✓ " or "☐ " followed by the instruction as the site wrote it.
 */
import type { TimelineEntryDto } from '@wachtpost/contracts';

export const TICKED = '✓ ';
export const UNTICKED = '☐ ';

export function checklistNote(item: string, ticked: boolean): string {
  return `${ticked ? TICKED : UNTICKED}${item}`;
}

/** A note written by the checklist: which instruction and whether it was ticked; else null. */
export function parseChecklistNote(text: string): { item: string; ticked: boolean } | null {
  if (text.startsWith(TICKED)) return { item: text.slice(TICKED.length), ticked: true };
  if (text.startsWith(UNTICKED)) return { item: text.slice(UNTICKED.length), ticked: false };
  return null;
}

function noteText(entry: TimelineEntryDto): string | null {
  if (entry.kind !== 'note') return null;
  const text = entry.data.text;
  return typeof text === 'string' ? text : null;
}

/** Per instruction text, whether the last checklist note about it ticked it (timeline oldest first). */
export function checklistState(timeline: readonly TimelineEntryDto[]): Map<string, boolean> {
  const state = new Map<string, boolean>();
  for (const entry of timeline) {
    const text = noteText(entry);
    const note = text === null ? null : parseChecklistNote(text);
    if (note) state.set(note.item, note.ticked);
  }
  return state;
}

/** The indexes of the ticked instructions: the last checklist note about each one decides. */
export function tickedInstructions(items: readonly string[], timeline: readonly TimelineEntryDto[]): Set<number> {
  const state = checklistState(timeline);
  const ticked = new Set<number>();
  items.forEach((item, index) => {
    if (state.get(item)) ticked.add(index);
  });
  return ticked;
}
