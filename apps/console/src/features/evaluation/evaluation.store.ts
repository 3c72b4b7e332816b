import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EvaluationDto, EvaluationQuery } from '@wachtpost/contracts';
import { saveFile } from '../../api/download';
import { hubApi } from '../../api/http';
import { siteToday } from '../../i18n/format';
import { presetPeriod, type Period } from './period';

/** The evaluation for a period and (for the coordinator) an organisation, and its PDF and CSV reports. */
export const useEvaluationStore = defineStore('evaluation', () => {
  const period = ref<Period>(presetPeriod('thisQuarter', siteToday()));
  /** '' is the whole campus (coordinator, admin) or the team lead's own organisation (the hub decides). */
  const organisation = ref('');
  const data = shallowRef<EvaluationDto | null>(null);
  const loading = ref(false);
  const downloading = ref<'pdf' | 'csv' | null>(null);
  const error = ref<unknown>(null);
  let inFlight: AbortController | null = null;

  const query = computed<EvaluationQuery>(() => ({ from: period.value.from, to: period.value.to, organisation: organisation.value || undefined }));

  async function load(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    try {
      data.value = await hubApi.evaluation(query.value, controller.signal);
      error.value = null;
    } catch (err) {
      if (!controller.signal.aborted) error.value = err;
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  /** A follow-up ran overdue: the figures on screen are fetched again. */
  function refresh(): Promise<void> {
    return data.value ? load() : Promise.resolve();
  }

  async function download(format: 'pdf' | 'csv'): Promise<void> {
    downloading.value = format;
    try {
      const q = query.value;
      saveFile(await hubApi.evaluationReport(format, q), `evaluatie-${q.from}-${q.to}.${format}`);
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      downloading.value = null;
    }
  }

  function $reset(): void {
    inFlight?.abort();
    period.value = presetPeriod('thisQuarter', siteToday());
    organisation.value = '';
    data.value = null;
    error.value = null;
    loading.value = false;
  }

  return { period, organisation, data, loading, downloading, error, query, load, refresh, download, $reset };
});
