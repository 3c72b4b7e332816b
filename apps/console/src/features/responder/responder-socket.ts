/**
 * A responder's own socket (bearer token only): the hub sends 'responder.alert' to the user's
 * room. Kept apart from the control room's socket; onConnect runs on every (re)connect so the
 * caller can fetch what it may have missed.
 */
import { io, type Socket } from 'socket.io-client';
import { ref, type Ref } from 'vue';
import { SOCKET_PATH, type ClientToServerEvents, type EvacuationDto, type ResponderViewDto, type ServerToClientEvents, type SocketAuth } from '@wachtpost/contracts';

export interface ResponderSocket {
  connected: Ref<boolean>;
  close: () => void;
}

export function openResponderSocket(
  token: string,
  onView: (view: ResponderViewDto) => void,
  onConnect: () => void,
  /** A roll call started or changed (the hub sends it to every BHV member). */
  onEvacuation?: (evacuation: EvacuationDto) => void,
): ResponderSocket {
  const connected = ref(false);
  const auth: SocketAuth = { token };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: SOCKET_PATH,
    auth,
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  socket.on('connect', () => {
    connected.value = true;
    onConnect();
  });
  socket.on('disconnect', () => (connected.value = false));
  socket.on('connect_error', () => (connected.value = false));
  socket.on('responder.alert', onView);
  if (onEvacuation) socket.on('evacuation.upsert', onEvacuation);
  return {
    connected,
    close: () => {
      socket.removeAllListeners();
      socket.disconnect();
      connected.value = false;
    },
  };
}
