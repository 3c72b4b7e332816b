import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { BulkResolveIncidentsRequest, IncidentDetailDto, IncidentDto, ResolveIncidentRequest } from '@wachtpost/contracts';
// Relative imports (no '@/' alias): the store is unit-tested by jest.
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';
import { compareQueueOrder, orderIncidentQueue } from './incident-order';
import { checklistNote, checklistState, tickedInstructions } from './instruction-ticks';
import {
  abortResync,
  activeIncidents,
  beginResync,
  completeResync,
  createIncidentsState,
  upsertIncident,
} from './incidents-state';

/** Enough for any realistic number of simultaneously active incidents (the API's maximum). */
const SNAPSHOT_LIMIT = 500;

export const useIncidentsStore = defineStore('incidents', () => {
  const state = shallowRef(createIncidentsState());
  const loaded = ref(false);

  /** Active incidents in the order the guard works through them. */
  const queue = computed(() => orderIncidentQueue(activeIncidents(state.value)));
  const openIncidents = computed(() => queue.value.filter((i) => i.status === 'open'));

  const selectedId = ref<string | null>(null);
  /** The newest state of the selected incident, also after it left the queue (resolved). */
  const selectedLatest = shallowRef<IncidentDto | null>(null);
  const detail = shallowRef<IncidentDetailDto | null>(null);
  const detailLoading = ref(false);
  const detailError = ref<unknown>(null);

  /** The most recent alarm that opened (live or found on resync); the floor plan follows it. */
  const latestAlarm = shallowRef<{ incident: IncidentDto; seq: number } | null>(null);
  let alarmSeq = 0;

  const selected = computed<IncidentDto | null>(() => {
    const id = selectedId.value;
    if (!id) return null;
    return state.value.active[id] ?? (selectedLatest.value?.id === id ? selectedLatest.value : null) ?? (detail.value?.id === id ? detail.value : null);
  });

  const selectedIsActive = computed(() => selectedId.value !== null && selectedId.value in state.value.active);

  /** Set by the panel while the guard is typing in it: a new alarm then does not take the panel. */
  const holdSelection = ref(false);

  function announce(incident: IncidentDto): void {
    latestAlarm.value = { incident, seq: ++alarmSeq };
    // A new alarm takes the panel when nothing active is shown, or when it ranks above what is
    // shown (e.g. the guard is looking at an acknowledged one) and the guard is not typing.
    const current = selectedIsActive.value ? selected.value : null;
    if (!current || (!holdSelection.value && compareQueueOrder(incident, current) < 0)) select(incident.id);
  }

  /** An incident's new state, from the socket or an action's response. */
  function applyUpsert(incident: IncidentDto): void {
    apply(incident, true);
  }

  function apply(incident: IncidentDto, refreshDetail: boolean): void {
    const { state: next, outcome } = upsertIncident(state.value, incident);
    state.value = next;
    if (outcome === 'stale') return;
    if (incident.id === selectedId.value) {
      selectedLatest.value = incident;
      // The timeline changed too: fetch it again (after a short pause, to batch bursts).
      if (refreshDetail) scheduleDetailRefresh();
    }
    if (outcome === 'opened') announce(incident);
  }

  const resync = coalesce(async () => {
    const before = new Set(Object.keys(state.value.active));
    state.value = beginResync(state.value);
    try {
      const [open, acknowledged] = await Promise.all([
        hubApi.incidents('open', SNAPSHOT_LIMIT),
        hubApi.incidents('acknowledged', SNAPSHOT_LIMIT),
      ]);
      state.value = completeResync(state.value, [...open, ...acknowledged]);
    } catch (err) {
      state.value = abortResync(state.value);
      throw err;
    }
    loaded.value = true;
    // Alarms that opened while we were not listening: announce the most urgent one.
    const missed = openIncidents.value.find((i) => !before.has(i.id));
    if (missed) announce(missed);
    if (selectedId.value) scheduleDetailRefresh(0);
    else if (queue.value[0]) select(queue.value[0].id);
  });

  // ---- selection and detail ------------------------------------------------------------------
  function select(id: string | null): void {
    if (selectedId.value === id) return;
    selectedId.value = id;
    selectedLatest.value = id ? (state.value.active[id] ?? null) : null;
    detailError.value = null;
    if (detail.value?.id !== id) detail.value = null;
    scheduleDetailRefresh(0);
  }

  /** Move the selection through the queue (j/k, arrows). */
  function selectRelative(step: 1 | -1): void {
    const list = queue.value;
    if (list.length === 0) return;
    const index = list.findIndex((i) => i.id === selectedId.value);
    const nextIndex = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + step));
    const next = list[nextIndex];
    if (next) select(next.id);
  }

  // Keep something selected while there is something to show.
  watch(queue, (list) => {
    if (selectedId.value === null && list[0]) select(list[0].id);
  });

  let detailTimer: ReturnType<typeof setTimeout> | undefined;
  let detailAbort: AbortController | null = null;

  function scheduleDetailRefresh(delay = 150): void {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(() => void loadDetail(), delay);
  }

  async function loadDetail(): Promise<void> {
    const id = selectedId.value;
    detailAbort?.abort();
    if (!id) return;
    const abort = new AbortController();
    detailAbort = abort;
    detailLoading.value = true;
    try {
      const result = await hubApi.incident(id, abort.signal);
      if (abort.signal.aborted || selectedId.value !== id) return;
      detail.value = result;
      detailError.value = null;
      settleTicks(result);
      // The detail is the hub's current state too; let it correct a missed upsert.
      apply(stripTimeline(result), false);
    } catch (err) {
      if (abort.signal.aborted) return;
      detailError.value = err;
    } finally {
      if (detailAbort === abort) {
        detailLoading.value = false;
        detailAbort = null;
      }
    }
  }

  function stripTimeline(d: IncidentDetailDto): IncidentDto {
    const incident: IncidentDto & { timeline?: unknown } = { ...d };
    delete incident.timeline;
    return incident;
  }

  // ---- actions -------------------------------------------------------------------------------
  /** The last failed action (or client-side validation), shown in the panel of that incident. */
  const actionError = shallowRef<{ incidentId: string; error: unknown } | null>(null);
  /** Which action is running, to disable its button. */
  const busy = ref<{ incidentId: string; action: 'acknowledge' | 'resolve' | 'note' } | null>(null);

  function reportError(incidentId: string, error: unknown): void {
    actionError.value = { incidentId, error };
  }

  async function run(incidentId: string, action: 'acknowledge' | 'resolve' | 'note', call: () => Promise<IncidentDto>): Promise<boolean> {
    actionError.value = null;
    busy.value = { incidentId, action };
    try {
      applyUpsert(await call());
      return true;
    } catch (error) {
      reportError(incidentId, error);
      return false;
    } finally {
      // Another action may have started meanwhile (e.g. `a` pressed again for the next alarm).
      if (busy.value?.incidentId === incidentId && busy.value.action === action) busy.value = null;
    }
  }

  /** Each action resolves to true on success; a failure is kept in actionError. */
  const acknowledge = (id: string) => run(id, 'acknowledge', () => hubApi.acknowledge(id));
  const resolve = (id: string, request: ResolveIncidentRequest) => run(id, 'resolve', () => hubApi.resolve(id, request));
  const addNote = (id: string, text: string) => run(id, 'note', () => hubApi.addNote(id, { text }));

  /** Resolves many incidents with one outcome and note; says how many were resolved and which were skipped. */
  async function bulkResolve(request: BulkResolveIncidentsRequest): Promise<{ resolved: number; skipped: { id: string; reason: string }[] }> {
    const result = await hubApi.bulkResolve(request);
    for (const incident of result.resolved) applyUpsert(incident);
    return { resolved: result.resolved.length, skipped: result.skipped };
  }

  // ---- instruction checklist -----------------------------------------------------------------
  /** Ticks sent to the hub and not yet seen back in the timeline: incident id → item → ticked. */
  const pendingTicks = shallowRef<Record<string, Record<string, boolean>>>({});

  function setPending(incidentId: string, item: string, ticked: boolean | undefined): void {
    const forIncident = { ...(pendingTicks.value[incidentId] ?? {}) };
    if (ticked === undefined) delete forIncident[item];
    else forIncident[item] = ticked;
    const next = { ...pendingTicks.value, [incidentId]: forIncident };
    if (Object.keys(forIncident).length === 0) delete next[incidentId];
    pendingTicks.value = next;
  }

  /** A fresh timeline arrived: ticks it already shows are no longer pending. */
  function settleTicks(d: IncidentDetailDto): void {
    const pending = pendingTicks.value[d.id];
    if (!pending) return;
    const state = checklistState(d.timeline);
    for (const [item, ticked] of Object.entries(pending)) if (state.get(item) === ticked) setPending(d.id, item, undefined);
  }

  /** Which of the incident's instructions are ticked (from its timeline, plus ticks on their way). */
  function tickedFor(incidentId: string, items: readonly string[]): Set<number> {
    const timeline = detail.value?.id === incidentId ? detail.value.timeline : [];
    const ticked = tickedInstructions(items, timeline);
    const pending = pendingTicks.value[incidentId] ?? {};
    items.forEach((item, index) => {
      const value = pending[item];
      if (value === true) ticked.add(index);
      else if (value === false) ticked.delete(index);
    });
    return ticked;
  }

  /** Ticks (or unticks) an instruction: a note in the timeline. */
  async function tickInstruction(incidentId: string, item: string, ticked: boolean): Promise<boolean> {
    setPending(incidentId, item, ticked);
    const ok = await run(incidentId, 'note', () => hubApi.addNote(incidentId, { text: checklistNote(item, ticked) }));
    if (!ok) setPending(incidentId, item, undefined);
    return ok;
  }

  /** What `a` acknowledges: the selected incident when it is open, else the top open one. */
  const acknowledgeTarget = computed<IncidentDto | null>(() => {
    const current = selected.value;
    if (current && current.status === 'open' && selectedIsActive.value) return current;
    return openIncidents.value[0] ?? null;
  });

  function $reset(): void {
    clearTimeout(detailTimer);
    detailAbort?.abort();
    state.value = createIncidentsState();
    loaded.value = false;
    selectedId.value = null;
    selectedLatest.value = null;
    detail.value = null;
    detailError.value = null;
    latestAlarm.value = null;
    actionError.value = null;
    busy.value = null;
    holdSelection.value = false;
    pendingTicks.value = {};
  }

  return {
    loaded,
    queue,
    openIncidents,
    selectedId,
    selected,
    selectedIsActive,
    holdSelection,
    detail,
    detailLoading,
    detailError,
    latestAlarm,
    acknowledgeTarget,
    actionError,
    busy,
    reportError,
    applyUpsert,
    resync,
    select,
    selectRelative,
    acknowledge,
    resolve,
    addNote,
    bulkResolve,
    tickedFor,
    tickInstruction,
    $reset,
  };
});
