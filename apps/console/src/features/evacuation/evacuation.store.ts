import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EvacuationDto } from '@wachtpost/contracts';
import { ApiError, hubApi } from '../../api/http';
import { markAccounted, newerEvacuation, rollCallGroups } from './roll-call';

/** The evacuation roll call: the one the guard or a BHV member has open, live from the socket. */
export const useEvacuationStore = defineStore('evacuation', () => {
  const current = shallowRef<EvacuationDto | null>(null);
  const busy = ref(false);
  const error = ref<unknown>(null);
  const groups = computed(() => (current.value ? rollCallGroups(current.value) : []));
  /** The open roll call, for the header and "Mijn alarmeringen". */
  const active = computed(() => (current.value?.status === 'active' ? current.value : null));

  function apply(evacuation: EvacuationDto): void {
    current.value = newerEvacuation(current.value, evacuation);
  }

  async function load(id: string): Promise<void> {
    try {
      const evacuation = await hubApi.evacuation(id);
      current.value = null;
      apply(evacuation);
      error.value = null;
    } catch (err) {
      error.value = err;
    }
  }

  /** After a reload, or on a phone opened after the start: the roll call that is running, if any. */
  const showsActive = () => current.value?.status === 'active';
  async function restore(): Promise<void> {
    if (showsActive()) return;
    try {
      const [running] = await hubApi.runningEvacuations();
      // The socket may have brought it meanwhile.
      if (running && !showsActive()) apply(running);
    } catch {
      // offline: the socket's evacuation.upsert tells us when it is back
    }
  }

  /** Starts a roll call; when one is already running, opens that one. Returns its id. */
  async function start(siteId: string): Promise<string | null> {
    busy.value = true;
    try {
      const evacuation = await hubApi.startEvacuation(siteId);
      current.value = null;
      apply(evacuation);
      error.value = null;
      return evacuation.id;
    } catch (err) {
      // One is running already: the hub's 409 names it; open that one.
      const running = err instanceof ApiError && err.status === 409 ? (err.body as { evacuationId?: unknown } | undefined)?.evacuationId : undefined;
      if (typeof running === 'string') {
        await load(running);
        return running;
      }
      error.value = err;
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function accounted(cardholderId: string, by: string): Promise<void> {
    const before = current.value;
    if (!before) return;
    current.value = markAccounted(before, cardholderId, by, new Date().toISOString());
    try {
      apply(await hubApi.accounted(before.id, cardholderId));
      error.value = null;
    } catch (err) {
      // Taken back: the hub did not record it.
      if (current.value?.id === before.id) current.value = before;
      error.value = err;
    }
  }

  async function close(): Promise<void> {
    if (!current.value) return;
    busy.value = true;
    try {
      apply(await hubApi.closeEvacuation(current.value.id));
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      busy.value = false;
    }
  }

  function $reset(): void {
    current.value = null;
    error.value = null;
    busy.value = false;
  }

  return { current, busy, error, groups, active, apply, load, restore, start, accounted, close, $reset };
});
