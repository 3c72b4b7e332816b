import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AlertDetailDto, AlertDto, ScenarioDto } from '@wachtpost/contracts';
// Relative imports (no '@/' alias), like the other stores.
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';
import { applyAlert, isLive, LIVE_STATUSES, orderAlerts } from './dispatch-logic';

/**
 * The guard's view of BHV dispatch: every live alert (active or quorum met), the details
 * (recipients, deliveries) of each, the scenarios that can be started by hand, and the actions.
 * Filled on every (re)connect by resync(), then live from 'alert.upsert'.
 */
export const useDispatchStore = defineStore('dispatch', () => {
  const alerts = shallowRef<Record<string, AlertDto>>({});
  const details = shallowRef<Record<string, AlertDetailDto>>({});
  const scenarios = shallowRef<ScenarioDto[]>([]);
  const loaded = ref(false);
  /** Upserts that arrived while a snapshot was on its way: replayed over it. */
  let pending: AlertDto[] | null = null;

  const live = computed(() => orderAlerts(Object.values(alerts.value)));

  function forIncident(incidentId: string | null | undefined): AlertDto[] {
    return incidentId ? live.value.filter((a) => a.incidentId === incidentId) : [];
  }

  function detailOf(alertId: string): AlertDetailDto | null {
    return details.value[alertId] ?? null;
  }

  /** An alert's new state (socket or an action's answer); its details are fetched again. */
  function applyUpsert(alert: AlertDto): void {
    if (pending) pending.push(alert);
    alerts.value = applyAlert(alerts.value, alert);
    if (isLive(alert)) scheduleDetail(alert.id);
    else dropDetail(alert.id);
  }

  function dropDetail(alertId: string): void {
    if (!(alertId in details.value)) return;
    const next = { ...details.value };
    delete next[alertId];
    details.value = next;
  }

  // ---- details: batched per alert, one request at a time per alert ----------------------------------
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const detailError = shallowRef<Record<string, unknown>>({});

  function scheduleDetail(alertId: string, delay = 150): void {
    clearTimeout(timers.get(alertId));
    timers.set(
      alertId,
      setTimeout(() => {
        timers.delete(alertId);
        void loadDetail(alertId);
      }, delay),
    );
  }

  async function loadDetail(alertId: string): Promise<void> {
    try {
      const detail = await hubApi.alert(alertId);
      if (!(alertId in alerts.value) && isLive(detail)) return;
      const { recipients: _r, log: _l, ...summary } = detail;
      void _r;
      void _l;
      alerts.value = applyAlert(alerts.value, summary);
      if (isLive(detail)) details.value = { ...details.value, [alertId]: detail };
      else dropDetail(alertId);
      const { [alertId]: _gone, ...rest } = detailError.value;
      void _gone;
      detailError.value = rest;
    } catch (err) {
      detailError.value = { ...detailError.value, [alertId]: err };
    }
  }

  const resync = coalesce(async () => {
    pending = [];
    try {
      const [lists, scenarioList] = await Promise.all([
        Promise.all(LIVE_STATUSES.map((status) => hubApi.alerts({ status, limit: 200 }))),
        hubApi.scenarios(),
      ]);
      let next: Record<string, AlertDto> = {};
      for (const alert of lists.flat()) next = applyAlert(next, alert);
      for (const alert of pending) next = applyAlert(next, alert);
      alerts.value = next;
      scenarios.value = scenarioList;
      // Details of alerts that are gone are of no use; the rest are fetched again.
      details.value = Object.fromEntries(Object.entries(details.value).filter(([id]) => id in next));
      for (const id of Object.keys(next)) scheduleDetail(id, 0);
      loaded.value = true;
    } finally {
      pending = null;
    }
  });

  // ---- actions ---------------------------------------------------------------------------------------
  const busy = ref<{ alertId: string | null; action: 'escalate' | 'allClear' | 'start' } | null>(null);
  const actionError = shallowRef<{ alertId: string | null; error: unknown } | null>(null);

  async function run(alertId: string | null, action: 'escalate' | 'allClear' | 'start', call: () => Promise<AlertDto>): Promise<AlertDto | null> {
    busy.value = { alertId, action };
    actionError.value = null;
    try {
      const alert = await call();
      applyUpsert(alert);
      return alert;
    } catch (error) {
      actionError.value = { alertId, error };
      return null;
    } finally {
      if (busy.value?.alertId === alertId && busy.value.action === action) busy.value = null;
    }
  }

  const escalate = (alertId: string) => run(alertId, 'escalate', () => hubApi.escalate(alertId));
  const allClear = (alertId: string) => run(alertId, 'allClear', () => hubApi.allClear(alertId));
  const start = (scenarioId: string, incidentId: string | null, drill: boolean) =>
    run(null, 'start', () => hubApi.startAlert({ scenarioId, ...(incidentId ? { incidentId } : {}), ...(drill ? { drill } : {}) }));

  function $reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    alerts.value = {};
    details.value = {};
    detailError.value = {};
    scenarios.value = [];
    loaded.value = false;
    busy.value = null;
    actionError.value = null;
    pending = null;
  }

  return {
    alerts,
    details,
    detailError,
    scenarios,
    loaded,
    live,
    busy,
    actionError,
    forIncident,
    detailOf,
    applyUpsert,
    resync,
    escalate,
    allClear,
    start,
    $reset,
  };
});
