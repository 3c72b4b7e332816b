import { onScopeDispose, readonly, ref } from 'vue';

/** One shared clock for everything that shows elapsed time; ticks while anyone uses it. */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow() {
  if (users++ === 0) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), 1000);
  }
  onScopeDispose(() => {
    if (--users === 0) clearInterval(timer);
  });
  return readonly(now);
}
