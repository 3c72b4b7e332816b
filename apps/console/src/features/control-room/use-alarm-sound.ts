import { computed, onScopeDispose, watch } from 'vue';
import type { IncidentKind } from '@wachtpost/contracts';
import { useIncidentsStore } from '@/features/incidents/incidents.store';
import { audioStatus, playPattern, soundPatterns, unlockAudio } from './alarm-sound';
import { useControlRoomStore } from './control-room.store';

/**
 * Sounds while any alarm is open and not muted, in the pattern of the most urgent open one;
 * stops when every open alarm is acknowledged. A new alarm lifts the mute.
 */
export function useAlarmSound() {
  const incidents = useIncidentsStore();
  const room = useControlRoomStore();

  const pattern = computed<IncidentKind | null>(() => incidents.openIncidents[0]?.kind ?? null);
  const sounding = computed(() => pattern.value !== null && !room.muted && audioStatus.value === 'running');

  let timer: ReturnType<typeof setInterval> | undefined;
  watch(
    [pattern, sounding],
    ([kind, on]) => {
      clearInterval(timer);
      timer = undefined;
      if (!kind || !on) return;
      playPattern(kind);
      timer = setInterval(() => playPattern(kind), soundPatterns[kind].everyMs);
    },
    { immediate: true },
  );

  watch(
    () => incidents.latestAlarm?.seq,
    (seq, previous) => {
      if (seq !== undefined && seq !== previous) room.muted = false;
    },
  );

  // After a page reload the browser needs a gesture before it plays anything.
  const unlock = () => {
    if (audioStatus.value === 'locked') unlockAudio();
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);

  onScopeDispose(() => {
    clearInterval(timer);
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
  });

  return { sounding, pattern };
}
