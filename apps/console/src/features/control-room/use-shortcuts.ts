import { onMounted, onUnmounted } from 'vue';

const textInputTypes = new Set(['text', 'search', 'password', 'email', 'number', 'tel', 'url', 'date', 'time', 'datetime-local', 'month', 'week']);

/** True while the user is typing somewhere: then single-key shortcuts stay quiet. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return textInputTypes.has(target.type);
  return false;
}

/** Single-key shortcuts (no modifiers), active while the calling component is mounted. */
export function useShortcuts(bindings: Record<string, () => void>): void {
  const onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (isTypingTarget(event.target)) return;
    const action = bindings[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onUnmounted(() => window.removeEventListener('keydown', onKeydown));
}
