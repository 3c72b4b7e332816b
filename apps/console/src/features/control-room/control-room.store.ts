import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DeviceDto, HealthDto, StoredEventDto } from '@wachtpost/contracts';
// Relative imports (no '@/' alias): the store is unit-tested by jest.
import { ApiError, hubApi } from '../../api/http';
import { filterActivity, fromStoredEvent, mergeActivity, statusChange, type ActivityEntry, type ActivityFilter } from './activity';

/** How many stored events are fetched to fill the ticker after a (re)connect. */
export const RECENT_EVENTS = 100;

type Dependency = keyof HealthDto['dependencies'];

function looksLikeHealth(value: unknown): value is HealthDto {
  return typeof value === 'object' && value !== null && 'status' in value && 'dependencies' in value;
}

/** The control room's own state: hub health, sync status, the activity ticker, sound and dialogs. */
export const useControlRoomStore = defineStore('controlRoom', () => {
  const health = shallowRef<HealthDto | null>(null);
  const syncError = ref<unknown>(null);
  const lastSyncAt = ref<string | null>(null);
  /** Newest first, bounded per category. */
  const activity = shallowRef<ActivityEntry[]>([]);
  const activityFilter = ref<ActivityFilter>('all');
  const shownActivity = computed(() => filterActivity(activity.value, activityFilter.value));
  const muted = ref(false);

  // ---- dialogs: at most one at a time ------------------------------------------------------------
  const helpOpen = ref(false);
  const bulkOpen = ref(false);
  /** The device whose details are shown (clicked on the plan or in the device list). */
  const shownDeviceId = ref<string | null>(null);
  const dialogOpen = computed(() => helpOpen.value || bulkOpen.value || shownDeviceId.value !== null);

  function closeDialogs(): void {
    helpOpen.value = false;
    bulkOpen.value = false;
    shownDeviceId.value = null;
  }
  function showDevice(id: string): void {
    closeDialogs();
    shownDeviceId.value = id;
  }
  function toggleHelp(): void {
    const open = !helpOpen.value;
    closeDialogs();
    helpOpen.value = open;
  }
  function openBulk(): void {
    closeDialogs();
    bulkOpen.value = true;
  }

  // ---- health --------------------------------------------------------------------------------------
  const downDependencies = computed<Dependency[]>(() => {
    const h = health.value;
    if (!h) return [];
    return (Object.keys(h.dependencies) as Dependency[]).filter((dep) => h.dependencies[dep] === 'down');
  });
  const degraded = computed(() => health.value?.status === 'degraded');

  function setHealth(next: HealthDto): void {
    health.value = next;
  }

  async function refreshHealth(): Promise<void> {
    try {
      setHealth(await hubApi.health());
    } catch (err) {
      // A degraded hub may answer 503 with the health report as its body.
      if (err instanceof ApiError && looksLikeHealth(err.body)) setHealth(err.body);
      else throw err;
    }
  }

  // ---- activity ------------------------------------------------------------------------------------
  /** A batch from 'events.stored' or from REST (any order). */
  function pushEvents(batch: readonly StoredEventDto[]): void {
    if (batch.length === 0) return;
    activity.value = mergeActivity(activity.value, batch.map(fromStoredEvent));
  }

  /** A device's new state: an entry when it went offline or came back. */
  function noteDeviceChange(previous: DeviceDto | undefined, next: DeviceDto, now: number = Date.now()): void {
    const entry = statusChange(previous, next, now);
    if (entry) activity.value = mergeActivity(activity.value, [entry]);
  }

  /** Fills the ticker with the latest stored events (after a (re)connect, live pushes may have been missed). */
  async function loadRecentActivity(): Promise<void> {
    pushEvents(await hubApi.events({ limit: RECENT_EVENTS }));
  }

  // ---- sync ----------------------------------------------------------------------------------------
  function syncSucceeded(): void {
    syncError.value = null;
    lastSyncAt.value = new Date().toISOString();
  }

  function syncFailed(err: unknown): void {
    syncError.value = err;
  }

  function $reset(): void {
    health.value = null;
    syncError.value = null;
    lastSyncAt.value = null;
    activity.value = [];
    activityFilter.value = 'all';
    muted.value = false;
    closeDialogs();
  }

  return {
    health,
    degraded,
    downDependencies,
    syncError,
    lastSyncAt,
    activity,
    activityFilter,
    shownActivity,
    muted,
    helpOpen,
    bulkOpen,
    shownDeviceId,
    dialogOpen,
    closeDialogs,
    showDevice,
    toggleHelp,
    openBulk,
    setHealth,
    refreshHealth,
    pushEvents,
    noteDeviceChange,
    loadRecentActivity,
    syncSucceeded,
    syncFailed,
    $reset,
  };
});
