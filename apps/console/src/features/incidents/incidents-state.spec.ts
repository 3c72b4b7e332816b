import type { IncidentDto } from '@wachtpost/contracts';
import {
  abortResync,
  activeIncidents,
  beginResync,
  completeResync,
  createIncidentsState,
  RESOLVED_MEMORY,
  upsertIncident,
  type IncidentsState,
} from './incidents-state';
import { incidentFixture } from './incident.fixture';

const incident = incidentFixture;

const acknowledged = (id: string, extra: Partial<IncidentDto> = {}) =>
  incident(id, { status: 'acknowledged', acknowledgedAt: '2024-05-01T10:01:00.000Z', acknowledgedBy: 'guard', ...extra });
const resolved = (id: string, extra: Partial<IncidentDto> = {}) =>
  incident(id, { status: 'resolved', resolvedAt: '2024-05-01T10:05:00.000Z', resolvedBy: 'guard', outcome: 'genuine', ...extra });

function apply(state: IncidentsState, ...incidents: IncidentDto[]): IncidentsState {
  return incidents.reduce((s, i) => upsertIncident(s, i).state, state);
}
const activeIds = (state: IncidentsState) => activeIncidents(state).map((i) => i.id).sort();

describe('incidents state: live upserts', () => {
  it('reports a newly opened incident as opened, a later change as updated', () => {
    const first = upsertIncident(createIncidentsState(), incident('a'));
    expect(first.outcome).toBe('opened');
    const second = upsertIncident(first.state, incident('a', { triggerCount: 2 }));
    expect(second.outcome).toBe('updated');
    expect(second.state.active.a?.triggerCount).toBe(2);
  });

  it('replaces the incident with the full new state on acknowledge', () => {
    const state = apply(createIncidentsState(), incident('a'), acknowledged('a'));
    expect(state.active.a?.status).toBe('acknowledged');
    expect(state.active.a?.acknowledgedBy).toBe('guard');
  });

  it('takes a resolved incident out of the active set', () => {
    const result = upsertIncident(apply(createIncidentsState(), incident('a'), incident('b')), resolved('a'));
    expect(result.outcome).toBe('resolved');
    expect(activeIds(result.state)).toEqual(['b']);
  });

  it('ignores a late, older upsert of an incident (fewer triggers or an earlier state)', () => {
    let state = apply(createIncidentsState(), incident('a', { triggerCount: 3 }));
    expect(upsertIncident(state, incident('a', { triggerCount: 2 })).outcome).toBe('stale');
    state = apply(state, acknowledged('a', { triggerCount: 3 }));
    expect(upsertIncident(state, incident('a', { triggerCount: 3 })).outcome).toBe('stale');
    expect(state.active.a?.status).toBe('acknowledged');
  });

  it('does not bring back a resolved incident through a stale upsert', () => {
    const state = apply(createIncidentsState(), incident('a'), resolved('a'));
    const late = upsertIncident(state, acknowledged('a'));
    expect(late.outcome).toBe('stale');
    expect(activeIds(late.state)).toEqual([]);
  });

  it('remembers only a bounded number of resolved ids', () => {
    let state = createIncidentsState();
    for (let i = 0; i < RESOLVED_MEMORY + 10; i++) state = apply(state, resolved(`r${i}`));
    expect(state.resolvedIds).toHaveLength(RESOLVED_MEMORY);
    expect(state.resolvedIds[0]).toBe('r10');
  });
});

describe('incidents state: resync after (re)connect', () => {
  it('replaces everything with the snapshot (incidents resolved while away disappear)', () => {
    const before = apply(createIncidentsState(), incident('gone'), incident('stays'));
    const after = completeResync(beginResync(before), [acknowledged('stays'), incident('new')]);
    expect(activeIds(after)).toEqual(['new', 'stays']);
    expect(after.active.stays?.status).toBe('acknowledged');
    expect(after.pending).toBeNull();
  });

  it('replays upserts that arrived while the snapshot was in flight', () => {
    let state = beginResync(apply(createIncidentsState(), incident('a')));
    state = apply(state, acknowledged('a'), incident('b'));
    // The snapshot was taken before those upserts: it still shows 'a' open and lacks 'b'.
    state = completeResync(state, [incident('a')]);
    expect(activeIds(state)).toEqual(['a', 'b']);
    expect(state.active.a?.status).toBe('acknowledged');
  });

  it('applies a resolve that arrived during the resync even if the snapshot still lists the incident', () => {
    let state = beginResync(apply(createIncidentsState(), acknowledged('a')));
    state = apply(state, resolved('a'));
    state = completeResync(state, [acknowledged('a')]);
    expect(activeIds(state)).toEqual([]);
  });

  it('keeps the snapshot when a buffered upsert is older than it', () => {
    let state = beginResync(createIncidentsState());
    state = apply(state, incident('a', { triggerCount: 1 }));
    state = completeResync(state, [incident('a', { triggerCount: 4 })]);
    expect(state.active.a?.triggerCount).toBe(4);
  });

  it('trusts the snapshot over an old memory of an id being resolved', () => {
    const state = completeResync(beginResync(apply(createIncidentsState(), resolved('a'))), [incident('a', { triggerCount: 2 })]);
    expect(activeIds(state)).toEqual(['a']);
    expect(state.resolvedIds).not.toContain('a');
  });

  it('stops buffering when the snapshot fetch fails, keeping what it had', () => {
    let state = beginResync(apply(createIncidentsState(), incident('a')));
    state = apply(state, incident('b'));
    state = abortResync(state);
    expect(state.pending).toBeNull();
    expect(activeIds(state)).toEqual(['a', 'b']);
  });
});
