import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { QuarantineDto } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';

const LIMIT = 200;

export const useQuarantineStore = defineStore('quarantine', () => {
  /** Newest first. */
  const entries = shallowRef<QuarantineDto[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);

  function add(entry: QuarantineDto): void {
    if (entries.value.some((e) => e.id === entry.id)) return;
    entries.value = [entry, ...entries.value].slice(0, LIMIT);
  }

  const load = coalesce(async () => {
    loading.value = true;
    try {
      const fetched = await hubApi.quarantine(LIMIT);
      // Keep live additions that are newer than the snapshot.
      const known = new Set(fetched.map((e) => e.id));
      const live = entries.value.filter((e) => !known.has(e.id) && e.receivedAt > (fetched[0]?.receivedAt ?? ''));
      entries.value = [...live, ...fetched].slice(0, LIMIT);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  });

  function $reset(): void {
    entries.value = [];
    loaded.value = false;
    error.value = null;
  }

  return { entries, loaded, loading, error, add, load, $reset };
});
