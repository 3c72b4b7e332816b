/**
 * The console's one socket.io connection, typed by the contracts' event maps.
 *
 * Delivery is at most once: whatever was sent while we were away is gone, so the caller's
 * onConnect runs on every connect and reconnect and must refetch the REST snapshot.
 */
import { io, type Socket } from 'socket.io-client';
import { computed, readonly, ref } from 'vue';
import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents, type SocketAuth } from '@wachtpost/contracts';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketState = 'idle' | 'connecting' | 'connected' | 'disconnected';

const state = ref<SocketState>('idle');
/** idle (not started), connecting (first attempt), connected, disconnected (retrying or refused). */
export const socketState = readonly(state);
export const socketConnected = computed(() => state.value === 'connected');

export interface SocketCallbacks {
  /** Connected or reconnected: resync now. */
  onConnect: (socket: HubSocket) => void;
  /** The hub refused us or sent us away; socket.io will not retry by itself. */
  onRefused: (reason: string) => void;
}

let current: HubSocket | null = null;

export function openSocket(token: string, callbacks: SocketCallbacks): HubSocket {
  closeSocket();
  const auth: SocketAuth = { token };
  const socket: HubSocket = io({
    path: SOCKET_PATH,
    auth,
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  state.value = 'connecting';

  socket.on('connect', () => {
    state.value = 'connected';
    callbacks.onConnect(socket);
  });
  socket.on('disconnect', (reason) => {
    state.value = 'disconnected';
    if (reason === 'io server disconnect') callbacks.onRefused(reason);
  });
  socket.on('connect_error', (err) => {
    state.value = 'disconnected';
    // active === false: rejected by the server's middleware (e.g. auth), no automatic retry.
    if (!socket.active) callbacks.onRefused(err.message);
  });

  current = socket;
  return socket;
}

/** Try again after onRefused (when the token is still good). */
export function reconnectSocket(): void {
  if (current && !current.connected) current.connect();
}

export function closeSocket(): void {
  if (current) {
    current.removeAllListeners();
    current.disconnect();
    current = null;
  }
  state.value = 'idle';
}
