import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ResponderViewDto } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';

/**
 * A BHV member's alerts: the list from GET /alerts/mine on load and after every (re)connect,
 * kept current by the socket's 'responder.alert'.
 */
export const useMyAlertsStore = defineStore('myAlerts', () => {
  const views = shallowRef<Record<string, ResponderViewDto>>({});
  const list = computed(() => Object.values(views.value).sort((a, b) => b.alert.startedAt.localeCompare(a.alert.startedAt)));
  const active = computed(() => list.value.filter((v) => v.alert.status !== 'all_clear'));

  function apply(view: ResponderViewDto): void {
    views.value = { ...views.value, [view.alert.id]: view };
  }

  /** Fetches the whole list again (after a (re)connect or a reload). */
  async function refresh(): Promise<void> {
    const mine = await hubApi.myAlerts();
    views.value = Object.fromEntries(mine.map((v) => [v.alert.id, v]));
  }

  function $reset(): void {
    views.value = {};
  }

  return { views, list, active, apply, refresh, $reset };
});
