import type { ScenarioRound } from '@wachtpost/contracts';
import { quorumMet, quorumState, renderMessage, replacementFor, roundRecipients, scenarioMatches, type Candidate } from './dispatch-rules';

const round = (target: 'present' | 'all', functions: ScenarioRound['functions']): ScenarioRound => ({ target, functions, channels: ['inapp'], waitSeconds: 60 });
const people: Candidate[] = [
  { userId: 'a', functions: ['bhv', 'first_aid'], present: true },
  { userId: 'b', functions: ['bhv'], present: false },
  { userId: 'c', functions: ['bhv'], present: true },
  { userId: 'd', functions: ['head_bhv'], present: false },
];

describe('roundRecipients', () => {
  it('takes the people on site in a "present" round', () => {
    expect(roundRecipients(round('present', ['bhv']), people, new Set()).userIds).toEqual(['a', 'c']);
  });
  it('takes everyone with the function when presence is unknown', () => {
    const unknown = people.map((p) => ({ ...p, present: null }));
    expect(roundRecipients(round('present', ['bhv']), unknown, new Set())).toEqual({ userIds: ['a', 'b', 'c'], presenceKnown: false });
  });
  it('skips people already alerted and those without the function', () => {
    expect(roundRecipients(round('all', ['bhv']), people, new Set(['a'])).userIds).toEqual(['b', 'c']);
    expect(roundRecipients(round('all', ['head_bhv']), people, new Set()).userIds).toEqual(['d']);
  });
});

describe('quorum', () => {
  it('counts a person who is coming for each function they hold', () => {
    const q = quorumState({ bhv: 2, first_aid: 1 }, [
      { userId: 'a', functions: ['bhv', 'first_aid'], answer: 'coming' },
      { userId: 'b', functions: ['bhv'], answer: 'cannot' },
      { userId: 'c', functions: ['bhv'], answer: 'pending' },
    ]);
    expect(q).toEqual([
      { function: 'bhv', needed: 2, confirmed: 1 },
      { function: 'first_aid', needed: 1, confirmed: 1 },
    ]);
    expect(quorumMet(q)).toBe(false);
    expect(quorumMet([{ function: 'bhv', needed: 2, confirmed: 2 }])).toBe(true);
  });
});

describe('replacementFor', () => {
  const quorum = [{ function: 'bhv' as const, needed: 2, confirmed: 0 }];
  it('picks someone not yet alerted with a function still short, on-site people first', () => {
    expect(replacementFor({ userId: 'a', functions: ['bhv'], answer: 'cannot' }, quorum, people, new Set(['a']))).toBe('c');
    expect(replacementFor({ userId: 'a', functions: ['bhv'], answer: 'cannot' }, quorum, people, new Set(['a', 'c']))).toBe('b');
  });
  it('picks nobody when the decliner held no function that is short', () => {
    expect(replacementFor({ userId: 'd', functions: ['head_bhv'], answer: 'cannot' }, quorum, people, new Set(['d']))).toBeNull();
  });
});

describe('scenarioMatches', () => {
  const press = { type: 'alarm.pressed', deviceId: 'btn-b0-12', roomId: 'B0.12' };
  it('matches the incident type, and the devices or rooms a scenario is limited to', () => {
    expect(scenarioMatches({ incidentTypes: ['alarm.pressed'], deviceIds: [], roomIds: [] }, press)).toBe(true);
    expect(scenarioMatches({ incidentTypes: ['door.forced'], deviceIds: [], roomIds: [] }, press)).toBe(false);
    expect(scenarioMatches({ incidentTypes: ['alarm.pressed'], deviceIds: ['btn-b0-10'], roomIds: [] }, press)).toBe(false);
    expect(scenarioMatches({ incidentTypes: ['alarm.pressed'], deviceIds: [], roomIds: ['B0.12', 'B0.13'] }, press)).toBe(true);
    expect(scenarioMatches({ incidentTypes: ['alarm.pressed'], deviceIds: [], roomIds: ['B0.01'] }, press)).toBe(false);
  });
});

describe('renderMessage', () => {
  it('fills the known names and marks missing values', () => {
    expect(renderMessage('{type} in {room} om {time} ({x})', { type: 'Alarmknop', room: 'B0.12', time: '10:15' })).toBe('Alarmknop in B0.12 om 10:15 ({x})');
    expect(renderMessage('{room}', { room: null })).toBe('?');
  });
});
