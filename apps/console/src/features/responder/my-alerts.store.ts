import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ResponderViewDto } from '@wachtpost/contracts';
import { ApiError, hubApi } from '../../api/http';

const STORAGE_KEY = 'wachtpost.myAlerts';
const KEEP = 20;

function readIds(): string[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string').slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

function writeIds(ids: string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids.slice(0, KEEP)));
  } catch {
    // not remembered across reloads; the live list still works
  }
}

/**
 * A BHV member's alerts: every 'responder.alert' the socket brought, remembered (ids only) so a
 * reload can fetch them again through GET /alerts/:id/responder — the hub has no "my alerts" list.
 */
export const useMyAlertsStore = defineStore('myAlerts', () => {
  const views = shallowRef<Record<string, ResponderViewDto>>({});
  const ids = shallowRef<string[]>(readIds());

  const list = computed(() =>
    ids.value.flatMap((id) => (views.value[id] ? [views.value[id]] : [])).sort((a, b) => b.alert.startedAt.localeCompare(a.alert.startedAt)),
  );
  const active = computed(() => list.value.filter((v) => v.alert.status !== 'all_clear'));

  function remember(id: string): void {
    if (ids.value[0] === id) return;
    ids.value = [id, ...ids.value.filter((x) => x !== id)].slice(0, KEEP);
    writeIds(ids.value);
  }

  function forget(id: string): void {
    ids.value = ids.value.filter((x) => x !== id);
    writeIds(ids.value);
    const next = { ...views.value };
    delete next[id];
    views.value = next;
  }

  function apply(view: ResponderViewDto): void {
    remember(view.alert.id);
    views.value = { ...views.value, [view.alert.id]: view };
  }

  /** Fetches every remembered alert again (after a (re)connect or a reload). */
  async function refresh(): Promise<void> {
    await Promise.all(
      ids.value.map(async (id) => {
        try {
          apply(await hubApi.responderView(id, null));
        } catch (err) {
          if (err instanceof ApiError && (err.status === 404 || err.status === 403)) forget(id);
        }
      }),
    );
  }

  function $reset(): void {
    views.value = {};
  }

  return { views, list, active, apply, refresh, $reset };
});
