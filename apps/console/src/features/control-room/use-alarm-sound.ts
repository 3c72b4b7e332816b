import { computed, onScopeDispose, watch } from 'vue';
import type { IncidentKind } from '@wachtpost/contracts';
import { useIncidentsStore } from '@/features/incidents/incidents.store';
import { soundFor } from '@/features/incidents/incident-attention';
import { audioStatus, playPattern, soundPatterns, unlockAudio } from './alarm-sound';
import { useControlRoomStore } from './control-room.store';

/** What the console should be sounding now, for the sound itself and for the indicator. */
export function useSoundState() {
  const incidents = useIncidentsStore();
  const room = useControlRoomStore();
  /** The pattern of the most urgent open incident (silent alarms too), muted or not. */
  const pattern = computed<IncidentKind | null>(() => soundFor(incidents.queue));
  const sounding = computed(() => pattern.value !== null && !room.muted && audioStatus.value === 'running');
  return { pattern, sounding };
}

/**
 * Sounds while any incident is open and not muted, in the pattern of the most urgent open one;
 * stops when every open incident is acknowledged. A new alarm lifts the mute.
 */
export function useAlarmSound() {
  const incidents = useIncidentsStore();
  const room = useControlRoomStore();
  const { pattern, sounding } = useSoundState();

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
