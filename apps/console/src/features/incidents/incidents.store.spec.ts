/**
 * The incidents store against a faked hub API (jest spies on hubApi): snapshot and live upserts,
 * the queue order, what takes the guard's attention, actions, bulk resolve and the checklist.
 */
import type { IncidentDetailDto, IncidentDto } from '@wachtpost/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError, hubApi } from '../../api/http';
import { useIncidentsStore } from './incidents.store';
import { checklistNote } from './instruction-ticks';
import { incidentFixture } from './incident.fixture';

function incident(id: string, overrides: Partial<IncidentDto> = {}): IncidentDto {
  return incidentFixture(id, {
    deviceId: `btn-${id}`,
    instructions: ['Ga naar de ruimte.', 'Alarmeer BHV.'],
    ...overrides,
  });
}

const detailOf = (i: IncidentDto, timeline: IncidentDetailDto['timeline'] = []): IncidentDetailDto => ({ ...i, timeline });

/** The hub's answers, per status, for the snapshot. */
let hubIncidents: IncidentDto[] = [];
let hubTimeline: IncidentDetailDto['timeline'] = [];

beforeEach(() => {
  jest.useFakeTimers();
  setActivePinia(createPinia());
  hubIncidents = [];
  hubTimeline = [];
  jest.spyOn(hubApi, 'incidents').mockImplementation((status) => Promise.resolve(hubIncidents.filter((i) => i.status === status)));
  jest.spyOn(hubApi, 'incident').mockImplementation((id) => {
    const found = hubIncidents.find((i) => i.id === id);
    return found ? Promise.resolve(detailOf(found, hubTimeline)) : Promise.reject(new ApiError(404, 'not found'));
  });
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('snapshot and live updates', () => {
  it('loads open and acknowledged incidents in queue order and selects the top one', async () => {
    hubIncidents = [
      incident('ack', { status: 'acknowledged', priority: 1 }),
      incident('door', { kind: 'door', type: 'door.forced', priority: 2 }),
      incident('alarm', { priority: 1, openedAt: '2024-05-01T10:05:00.000Z' }),
    ];
    const store = useIncidentsStore();
    await store.resync();
    expect(store.queue.map((i) => i.id)).toEqual(['alarm', 'door', 'ack']);
    expect(store.openIncidents.map((i) => i.id)).toEqual(['alarm', 'door']);
    expect(store.selectedId).toBe('alarm');
    // An alarm found on resync was missed live: it is announced (floor plan, sound, mute lifted).
    expect(store.latestAlarm?.incident.id).toBe('alarm');
  });

  it('announces a new alarm and gives it the panel when it outranks what is shown', async () => {
    hubIncidents = [incident('battery', { kind: 'technical', type: 'battery.low', priority: 4 })];
    const store = useIncidentsStore();
    await store.resync();
    expect(store.selectedId).toBe('battery');

    store.applyUpsert(incident('alarm'));
    expect(store.latestAlarm?.incident.id).toBe('alarm');
    expect(store.selectedId).toBe('alarm');
    expect(store.queue[0]?.id).toBe('alarm');
  });

  it('does not take the panel away while the guard is typing in it', async () => {
    hubIncidents = [incident('battery', { kind: 'technical', type: 'battery.low', priority: 4 })];
    const store = useIncidentsStore();
    await store.resync();
    store.holdSelection = true;
    store.applyUpsert(incident('alarm'));
    expect(store.selectedId).toBe('battery');
    expect(store.queue[0]?.id).toBe('alarm');
  });

  it('ignores a late, older copy of an incident', async () => {
    const store = useIncidentsStore();
    await store.resync();
    store.applyUpsert(incident('a', { triggerCount: 3 }));
    store.applyUpsert(incident('a', { triggerCount: 2 }));
    expect(store.queue[0]?.triggerCount).toBe(3);
  });

  it('keeps an upsert that arrives while a snapshot is in flight', async () => {
    hubIncidents = [incident('a')];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    jest.spyOn(hubApi, 'incidents').mockImplementation(async (status) => {
      const answer = hubIncidents.filter((i) => i.status === status);
      await gate;
      return answer;
    });
    const store = useIncidentsStore();
    const running = store.resync();
    // While the (now outdated) snapshot is on its way, the guard's acknowledge comes back.
    store.applyUpsert(incident('a', { status: 'acknowledged', acknowledgedBy: 'guard' }));
    release();
    await running;
    expect(store.queue.map((i) => [i.id, i.status])).toEqual([['a', 'acknowledged']]);
  });

  it('drops a resolved incident from the queue', async () => {
    hubIncidents = [incident('a'), incident('b', { openedAt: '2024-05-01T10:01:00.000Z' })];
    const store = useIncidentsStore();
    await store.resync();
    store.applyUpsert(incident('a', { status: 'resolved', outcome: 'genuine' }));
    expect(store.queue.map((i) => i.id)).toEqual(['b']);
  });
});

describe('keyboard targets and actions', () => {
  it('acknowledges the selected open incident, or else the top open one', async () => {
    hubIncidents = [incident('a'), incident('b', { openedAt: '2024-05-01T10:01:00.000Z' }), incident('c', { status: 'acknowledged' })];
    const store = useIncidentsStore();
    await store.resync();
    store.selectRelative(1);
    expect(store.selectedId).toBe('b');
    expect(store.acknowledgeTarget?.id).toBe('b');
    store.selectRelative(1);
    expect(store.selectedId).toBe('c');
    expect(store.acknowledgeTarget?.id).toBe('a');
    store.selectRelative(1);
    expect(store.selectedId).toBe('c');
  });

  it('applies the hub\'s answer to an acknowledge, and keeps a refusal for the panel', async () => {
    hubIncidents = [incident('a')];
    const store = useIncidentsStore();
    await store.resync();
    jest.spyOn(hubApi, 'acknowledge').mockResolvedValueOnce(incident('a', { status: 'acknowledged', acknowledgedBy: 'guard' }));
    await expect(store.acknowledge('a')).resolves.toBe(true);
    expect(store.queue[0]?.status).toBe('acknowledged');

    jest.spyOn(hubApi, 'resolve').mockRejectedValueOnce(new ApiError(400, 'a note is required when the outcome is false_alarm'));
    await expect(store.resolve('a', { outcome: 'false_alarm', note: '' })).resolves.toBe(false);
    expect(store.actionError).toMatchObject({ incidentId: 'a' });
    expect(store.queue).toHaveLength(1);
  });

  it('acknowledges a second incident while the first acknowledge is still on its way', async () => {
    hubIncidents = [incident('a'), incident('b', { openedAt: '2024-05-01T10:01:00.000Z' })];
    const store = useIncidentsStore();
    await store.resync();
    let answerA: (i: IncidentDto) => void = () => undefined;
    jest
      .spyOn(hubApi, 'acknowledge')
      .mockImplementationOnce(() => new Promise((r) => (answerA = r)))
      .mockImplementationOnce((id) => Promise.resolve(incident(id, { status: 'acknowledged' })));
    const first = store.acknowledge('a');
    expect(store.busy).toEqual({ incidentId: 'a', action: 'acknowledge' });
    // The socket already said `a` is acknowledged; the guard presses `a` again for the next one.
    store.applyUpsert(incident('a', { status: 'acknowledged' }));
    expect(store.acknowledgeTarget?.id).toBe('b');
    await store.acknowledge('b');
    answerA(incident('a', { status: 'acknowledged' }));
    await first;
    expect(store.queue.map((i) => i.status)).toEqual(['acknowledged', 'acknowledged']);
    expect(store.busy).toBeNull();
  });

  it('bulk-resolves: resolved ones leave the queue, skipped ones are reported', async () => {
    hubIncidents = [
      incident('t1', { kind: 'technical', type: 'battery.low', priority: 4 }),
      incident('t2', { kind: 'technical', type: 'battery.low', priority: 4 }),
      incident('alarm'),
    ];
    const store = useIncidentsStore();
    await store.resync();
    const spy = jest.spyOn(hubApi, 'bulkResolve').mockResolvedValueOnce({
      resolved: [incident('t1', { kind: 'technical', type: 'battery.low', status: 'resolved', outcome: 'technical' })],
      skipped: [{ id: 't2', reason: 'cannot resolve an incident that is resolved' }],
    });
    const result = await store.bulkResolve({ ids: ['t1', 't2'], outcome: 'technical', note: '' });
    expect(spy).toHaveBeenCalledWith({ ids: ['t1', 't2'], outcome: 'technical', note: '' });
    expect(result).toEqual({ resolved: 1, skipped: [{ id: 't2', reason: 'cannot resolve an incident that is resolved' }] });
    expect(store.queue.map((i) => i.id)).toEqual(['alarm', 't2']);
  });
});

describe('instruction checklist', () => {
  it('ticks by writing a note, shows the tick at once, and reads it back from the timeline', async () => {
    const a = incident('a');
    hubIncidents = [a];
    const store = useIncidentsStore();
    await store.resync();
    const addNote = jest.spyOn(hubApi, 'addNote').mockImplementation((_id, body) => {
      hubTimeline = [...hubTimeline, { id: String(hubTimeline.length + 1), at: '2024-05-01T10:02:00.000Z', kind: 'note', actor: 'guard', data: { text: body.text } }];
      return Promise.resolve(a);
    });
    const ticking = store.tickInstruction('a', 'Alarmeer BHV.', true);
    expect([...store.tickedFor('a', a.instructions)]).toEqual([1]);
    await expect(ticking).resolves.toBe(true);
    expect(addNote).toHaveBeenCalledWith('a', { text: checklistNote('Alarmeer BHV.', true) });

    await jest.advanceTimersByTimeAsync(500); // the timeline is fetched again
    expect(store.detail?.timeline).toHaveLength(1);
    expect([...store.tickedFor('a', a.instructions)]).toEqual([1]);
  });

  it('takes a tick back when the hub refuses it', async () => {
    const a = incident('a');
    hubIncidents = [a];
    const store = useIncidentsStore();
    await store.resync();
    jest.spyOn(hubApi, 'addNote').mockRejectedValueOnce(new ApiError(0, 'network error'));
    await expect(store.tickInstruction('a', 'Ga naar de ruimte.', true)).resolves.toBe(false);
    expect(store.tickedFor('a', a.instructions).size).toBe(0);
    expect(store.actionError).toMatchObject({ incidentId: 'a' });
  });
});
