import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AccessLogEntryDto, DeviceDto, SiteDto } from '@wachtpost/contracts';
import { saveFile } from '../../api/download';
import { hubApi } from '../../api/http';
import { accessLogParams, emptyAccessLogForm, type AccessLogForm } from './access-filters';

const PAGE = 100;

/** The access log as facilities search it: the filter form, the pages loaded so far, the export. */
export const useAccessLogStore = defineStore('accessLog', () => {
  const form = ref<AccessLogForm>(emptyAccessLogForm());
  /** The filter of the rows shown (the form may have changed since). */
  const applied = shallowRef<Record<string, string>>({});
  const entries = shallowRef<AccessLogEntryDto[]>([]);
  const nextCursor = ref<string | null>(null);
  const pseudonymised = ref(true);
  const loaded = ref(false);
  const loading = ref(false);
  const exporting = ref(false);
  const error = ref<unknown>(null);
  const site = shallowRef<SiteDto | null>(null);
  const doors = shallowRef<DeviceDto[]>([]);
  const organisations = computed(() => site.value?.organisations ?? []);

  async function loadOptions(): Promise<void> {
    try {
      const [sites, devices] = await Promise.all([hubApi.sites(), hubApi.devices()]);
      site.value = sites[0] ?? null;
      doors.value = devices.filter((d) => d.kind === 'door').sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    } catch (err) {
      error.value = err;
    }
  }

  /** A new search from the form: the first (newest) page. */
  async function search(): Promise<void> {
    applied.value = accessLogParams(form.value);
    await fetchPage(null);
  }

  async function loadMore(): Promise<void> {
    if (nextCursor.value) await fetchPage(nextCursor.value);
  }

  async function fetchPage(cursor: string | null): Promise<void> {
    loading.value = true;
    try {
      const page = await hubApi.accessLog({ ...applied.value, limit: PAGE, cursor: cursor ?? undefined });
      entries.value = cursor ? [...entries.value, ...page.entries] : page.entries;
      nextCursor.value = page.nextCursor;
      pseudonymised.value = page.pseudonymised;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  /** The CSV with the filter of the rows shown, saved through the browser's download. */
  async function exportCsv(lang: string): Promise<void> {
    exporting.value = true;
    try {
      saveFile(await hubApi.accessLogExport({ ...applied.value, lang }), 'access-log.csv');
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      exporting.value = false;
    }
  }

  function $reset(): void {
    form.value = emptyAccessLogForm();
    applied.value = {};
    entries.value = [];
    nextCursor.value = null;
    loaded.value = false;
    error.value = null;
  }

  return { form, applied, entries, nextCursor, pseudonymised, loaded, loading, exporting, error, site, doors, organisations, loadOptions, search, loadMore, exportCsv, $reset };
});
