/**
 * Alarm sounds with WebAudio oscillators (no audio files). Browsers only let a page make sound
 * after a user gesture: unlockAudio() is called from the login click and from the first click
 * or key press after a reload.
 */
import { readonly, ref } from 'vue';
import type { IncidentKind } from '@wachtpost/contracts';

export type AudioStatus = 'locked' | 'running' | 'unsupported';

const status = ref<AudioStatus>(typeof window !== 'undefined' && 'AudioContext' in window ? 'locked' : 'unsupported');
export const audioStatus = readonly(status);

let context: AudioContext | null = null;

function updateStatus(): void {
  if (context) status.value = context.state === 'running' ? 'running' : 'locked';
}

/** Create or resume the AudioContext. Call it inside a user gesture. */
export function unlockAudio(): void {
  if (status.value === 'unsupported') return;
  try {
    if (!context) {
      context = new AudioContext();
      context.addEventListener('statechange', updateStatus);
    }
  } catch {
    status.value = 'unsupported';
    return;
  }
  updateStatus();
  if (context.state !== 'running') {
    context.resume().then(updateStatus, updateStatus);
  }
}

interface Tone {
  /** Seconds after the pattern starts. */
  at: number;
  seconds: number;
  hz: number;
  wave: OscillatorType;
}

interface Pattern {
  /** The pattern repeats every this many milliseconds. */
  everyMs: number;
  tones: Tone[];
}

function beeps(count: number, hz: number | [number, number], seconds: number, gap: number, wave: OscillatorType): Tone[] {
  return Array.from({ length: count }, (_, i) => ({
    at: i * (seconds + gap),
    seconds,
    hz: Array.isArray(hz) ? hz[i % 2] ?? hz[0] : hz,
    wave,
  }));
}

/**
 * Alarm: fast, high, two-tone; door: two long mid beeps; technical: one low beep, seldom;
 * manual (registered afterwards, never live): silence.
 */
export const soundPatterns: Record<IncidentKind, Pattern> = {
  alarm: { everyMs: 1200, tones: beeps(4, [1050, 780], 0.14, 0.06, 'square') },
  door: { everyMs: 2500, tones: beeps(2, 660, 0.35, 0.18, 'triangle') },
  technical: { everyMs: 6000, tones: beeps(1, 440, 0.5, 0, 'sine') },
  manual: { everyMs: 60_000, tones: [] },
};

export function playPattern(kind: IncidentKind, volume = 0.25): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime + 0.02;
  for (const tone of soundPatterns[kind].tones) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    const t0 = start + tone.at;
    const t1 = t0 + tone.seconds;
    osc.type = tone.wave;
    osc.frequency.setValueAtTime(tone.hz, t0);
    // Short ramps avoid clicks.
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(volume, t0 + 0.01);
    gain.gain.setValueAtTime(volume, t1 - 0.02);
    gain.gain.linearRampToValueAtTime(0, t1);
    osc.connect(gain).connect(context.destination);
    osc.start(t0);
    osc.stop(t1 + 0.01);
  }
}
