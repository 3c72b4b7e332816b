import { computed, type Ref } from 'vue';
import type { EvaluationDto } from '@wachtpost/contracts';
import { incidentCategoryKey } from '@/i18n/labels';
import { useFormat } from '@/i18n/use-format';
import { byCountDesc, hourLabel, weekdayName, type CountRow } from './figures';

/** The evaluation's counts as labelled rows, one list per chart and table. */
export function useEvaluationRows(data: Ref<EvaluationDto | null>) {
  const { t, label, locale } = useFormat();

  const placeName = (name: string | null, floor: string | null) => (name ? (floor ? `${name} (${floor})` : name) : t('evaluation.unknownPlace'));

  const categories = computed<CountRow[]>(() =>
    byCountDesc(data.value?.byCategory ?? []).map((c) => ({ key: c.category, label: label(incidentCategoryKey, c.category), count: c.count, previous: c.previous })),
  );
  const rooms = computed<CountRow[]>(() =>
    byCountDesc(data.value?.byRoom ?? []).map((r) => ({ key: r.roomId ?? '-', label: placeName(r.roomName, r.floorName), count: r.count })),
  );
  const floors = computed<CountRow[]>(() =>
    byCountDesc(data.value?.byFloor ?? []).map((f) => ({ key: f.floorId ?? '-', label: placeName(f.floorName, null), count: f.count })),
  );
  const places = computed<CountRow[]>(() => [
    { key: 'front-office', label: t('evaluation.frontOffice'), count: data.value?.byPlace.frontOffice ?? 0 },
    { key: 'elsewhere', label: t('evaluation.elsewhere'), count: data.value?.byPlace.elsewhere ?? 0 },
  ]);
  const weekdays = computed<CountRow[]>(() =>
    [...(data.value?.byWeekday ?? [])].sort((a, b) => a.weekday - b.weekday).map((w) => ({ key: String(w.weekday), label: weekdayName(w.weekday, locale()), count: w.count })),
  );
  const hours = computed<CountRow[]>(() =>
    [...(data.value?.byHour ?? [])].sort((a, b) => a.hour - b.hour).map((h) => ({ key: String(h.hour), label: hourLabel(h.hour), count: h.count })),
  );

  return { categories, rooms, floors, places, weekdays, hours };
}
