import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LoginRequest, UserDto } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';

const STORAGE_KEY = 'wachtpost.session';

interface StoredSession {
  token: string;
  user: UserDto;
  /** Epoch ms after which the token is no longer valid. */
  expiresAt: number;
}

/** Why the last session ended; the login page explains it. */
export type SessionEnd = 'logout' | 'expired' | 'unauthorized';

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number' || !parsed.user) return null;
    if (parsed.expiresAt <= Date.now()) return null;
    return parsed as StoredSession;
  } catch {
    return null;
  }
}

function writeStored(session: StoredSession | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // private mode or full storage: the session lives in memory only
  }
}

export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(readStored());
  const endedBecause = ref<SessionEnd | null>(null);
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const isAuthenticated = computed(() => session.value !== null);

  function scheduleExpiry(): void {
    clearTimeout(expiryTimer);
    if (!session.value) return;
    // setTimeout cannot wait longer than ~24.8 days; tokens are far shorter.
    const wait = Math.min(session.value.expiresAt - Date.now(), 2_000_000_000);
    expiryTimer = setTimeout(() => end('expired'), Math.max(0, wait));
  }

  async function login(credentials: LoginRequest): Promise<void> {
    const response = await hubApi.login(credentials);
    session.value = {
      token: response.accessToken,
      user: response.user,
      expiresAt: Date.now() + response.expiresIn * 1000,
    };
    endedBecause.value = null;
    writeStored(session.value);
    scheduleExpiry();
  }

  function end(reason: SessionEnd): void {
    if (!session.value) return;
    clearTimeout(expiryTimer);
    session.value = null;
    endedBecause.value = reason;
    writeStored(null);
  }

  scheduleExpiry();

  return { token, user, isAuthenticated, endedBecause, login, end };
});
