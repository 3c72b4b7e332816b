import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HealthDto, StoredEventDto } from '@wachtpost/contracts';
import { ApiError, hubApi } from '@/api/http';

/** How many stored events the activity ticker keeps. */
export const TICKER_SIZE = 50;

type Dependency = keyof HealthDto['dependencies'];

function looksLikeHealth(value: unknown): value is HealthDto {
  return typeof value === 'object' && value !== null && 'status' in value && 'dependencies' in value;
}

/** The control room's own state: hub health, sync status, the activity ticker, sound and help. */
export const useControlRoomStore = defineStore('controlRoom', () => {
  const health = shallowRef<HealthDto | null>(null);
  const syncError = ref<unknown>(null);
  const lastSyncAt = ref<string | null>(null);
  /** Newest first. */
  const activity = shallowRef<StoredEventDto[]>([]);
  const muted = ref(false);
  const helpOpen = ref(false);

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

  /** A batch from 'events.stored' (newest last). */
  function pushEvents(batch: readonly StoredEventDto[]): void {
    if (batch.length === 0) return;
    const newestFirst = [...batch].reverse();
    activity.value = [...newestFirst, ...activity.value].slice(0, TICKER_SIZE);
  }

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
    muted.value = false;
    helpOpen.value = false;
  }

  return {
    health,
    degraded,
    downDependencies,
    syncError,
    lastSyncAt,
    activity,
    muted,
    helpOpen,
    setHealth,
    refreshHealth,
    pushEvents,
    syncSucceeded,
    syncFailed,
    $reset,
  };
});
