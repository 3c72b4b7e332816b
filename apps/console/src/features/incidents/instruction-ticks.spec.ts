import type { TimelineEntryDto } from '@wachtpost/contracts';
import { checklistNote, parseChecklistNote, tickedInstructions } from './instruction-ticks';

const items = ['Ga direct naar de ruimte.', 'Alarmeer BHV.', 'Bel 112 bij direct gevaar.'];
let n = 0;
function note(text: string): TimelineEntryDto {
  n += 1;
  return { id: String(n), at: `2024-05-01T10:0${n}:00.000Z`, kind: 'note', actor: 'guard', data: { text } };
}

describe('checklist notes', () => {
  it('round-trips an instruction through its note text', () => {
    expect(parseChecklistNote(checklistNote(items[0]!, true))).toEqual({ item: items[0], ticked: true });
    expect(parseChecklistNote(checklistNote(items[1]!, false))).toEqual({ item: items[1], ticked: false });
    expect(parseChecklistNote('Bezoeker is rustig vertrokken.')).toBeNull();
  });

  it('reads the ticks from the timeline: the last note about an instruction decides', () => {
    const timeline: TimelineEntryDto[] = [
      { id: 'o', at: '2024-05-01T10:00:00.000Z', kind: 'opened', actor: null, data: {} },
      note(checklistNote(items[0]!, true)),
      note(checklistNote(items[2]!, true)),
      note('Bezoeker is rustig vertrokken.'),
      note(checklistNote(items[2]!, false)),
    ];
    expect([...tickedInstructions(items, timeline)]).toEqual([0]);
  });

  it('ignores notes about instructions the incident does not have', () => {
    expect(tickedInstructions(items, [note(checklistNote('Iets anders', true))]).size).toBe(0);
  });
});
