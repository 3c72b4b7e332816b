import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { FollowUpStatus, FollowUpSummaryDto } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';

export interface RegisterFilter {
  status: FollowUpStatus | '';
  overdueOnly: boolean;
  /** '' is every organisation the user may see. */
  organisation: string;
}

const emptyFilter = (): RegisterFilter => ({ status: '', overdueOnly: false, organisation: '' });

/** The incident register (no names): fetched with the filter, fetched again when a follow-up runs overdue. */
export const useFollowUpsStore = defineStore('followUps', () => {
  const filter = ref<RegisterFilter>(emptyFilter());
  const items = shallowRef<FollowUpSummaryDto[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);

  const load = coalesce(async () => {
    loading.value = true;
    const f = filter.value;
    try {
      items.value = await hubApi.followUps({
        status: f.status || undefined,
        overdue: f.overdueOnly ? 'true' : undefined,
        organisation: f.organisation || undefined,
        limit: 500,
      });
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  });

  /** The hub says a follow-up passed its due date ('followup.overdue'): whatever is on screen is refetched. */
  function refresh(): Promise<void> {
    return loaded.value ? load() : Promise.resolve();
  }

  function $reset(): void {
    filter.value = emptyFilter();
    items.value = [];
    loaded.value = false;
    error.value = null;
  }

  return { filter, items, loaded, loading, error, load, refresh, $reset };
});
