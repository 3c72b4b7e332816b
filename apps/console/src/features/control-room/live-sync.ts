/**
 * Keeps the stores in step with the hub: one REST snapshot per (re)connect, socket events in
 * between. Started by the console shell after login, stopped when the session ends.
 */
import { hubApi } from '@/api/http';
import { openSocket, closeSocket, reconnectSocket, type HubSocket } from '@/api/socket';
import { useSessionStore } from '@/features/auth/session.store';
import { useDevicesStore } from '@/features/devices/devices.store';
import { useDispatchStore } from '@/features/dispatch/dispatch.store';
import { useEvacuationStore } from '@/features/evacuation/evacuation.store';
import { useEvaluationStore } from '@/features/evaluation/evaluation.store';
import { useFollowUpsStore } from '@/features/follow-up/follow-ups.store';
import { useIncidentsStore } from '@/features/incidents/incidents.store';
import { useQuarantineStore } from '@/features/quarantine/quarantine.store';
import { useSiteStore } from '@/features/site/site.store';
import { useControlRoomStore } from './control-room.store';

const RETRY_AFTER_REFUSAL_MS = 5000;
const HEALTH_ASK_TIMEOUT_MS = 5000;

export function startLiveSync(): () => void {
  const session = useSessionStore();
  const incidents = useIncidentsStore();
  const devices = useDevicesStore();
  const site = useSiteStore();
  const quarantine = useQuarantineStore();
  const room = useControlRoomStore();
  const dispatch = useDispatchStore();
  const followUps = useFollowUpsStore();
  const evaluation = useEvaluationStore();

  const token = session.token;
  if (!token) return () => undefined;

  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Everything the screen shows, fresh from REST. */
  async function resyncAll(): Promise<void> {
    const results = await Promise.allSettled([
      site.load(),
      devices.load(),
      incidents.resync(),
      dispatch.resync(),
      room.refreshHealth(),
      room.loadRecentActivity(),
      quarantine.loaded ? quarantine.load() : Promise.resolve(),
      followUps.refresh(),
    ]);
    if (stopped) return;
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) room.syncFailed(failure.reason);
    else room.syncSucceeded();
  }

  function askHealth(socket: HubSocket): void {
    socket.timeout(HEALTH_ASK_TIMEOUT_MS).emit('health.get', (err, health) => {
      if (!err) room.setHealth(health);
    });
  }

  /** The socket was refused: if the token is bad, a REST call gets the 401 that ends the session. */
  async function checkAndRetry(): Promise<void> {
    try {
      await hubApi.sites();
    } catch {
      // a 401 ends the session through the http hook; anything else: just retry later
    }
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (!stopped) reconnectSocket();
    }, RETRY_AFTER_REFUSAL_MS);
  }

  const socket = openSocket(token, {
    onConnect: (s) => {
      askHealth(s);
      void resyncAll();
      // A roll call started while this console was offline.
      void useEvacuationStore().restore();
    },
    onRefused: () => void checkAndRetry(),
  });

  const evacuation = useEvacuationStore();
  socket.on('evacuation.upsert', (e) => evacuation.apply(e));
  socket.on('incident.upsert', (incident) => incidents.applyUpsert(incident));
  socket.on('device.upsert', (device) => {
    room.noteDeviceChange(devices.get(device.id), device);
    devices.upsert(device);
  });
  socket.on('events.stored', (events) => room.pushEvents(events));
  socket.on('quarantine.added', (entry) => quarantine.add(entry));
  socket.on('health', (health) => room.setHealth(health));
  socket.on('alert.upsert', (alert) => dispatch.applyUpsert(alert));
  socket.on('followup.overdue', () => {
    void followUps.refresh();
    void evaluation.refresh();
  });

  // Show data right away, even before (or without) the socket.
  void resyncAll();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    closeSocket();
  };
}
