/**
 * The one socket.io gateway. The handshake must carry a valid token (`auth: { token }`);
 * console users join the `console` room, which receives incidents, devices and events.
 * Delivery is at most once: the console refetches its REST snapshot after every reconnect.
 */
import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import {
  SOCKET_PATH,
  type AlertDto,
  type ClientToServerEvents,
  type DeviceDto,
  type EvacuationDto,
  type FollowUpSummaryDto,
  type HealthDto,
  type IncidentDto,
  type QuarantineDto,
  type ResponderViewDto,
  type Role,
  type ServerToClientEvents,
  type StoredEventDto,
} from '@wachtpost/contracts';
import type { Server, Socket } from 'socket.io';
import { incidentScope, type AuthUser } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';

type HubServer = Server<ClientToServerEvents, ServerToClientEvents>;
const CONSOLE_ROOM = 'console';
const CONSOLE_ROLES: Role[] = ['guard', 'facilities', 'manager', 'admin'];
const userRoom = (userId: string) => `user:${userId}`;
/** Every live incident and alert: guards, admins, the coordinator. A team lead gets their organisation's in `org:<id>`. */
const LIVE_ROOM = 'live';
const orgRoom = (organisationId: string) => `org:${organisationId}`;
/** Raw device events: whoever may read them through REST (not team leads). */
const EVENTS_ROOM = 'events';
const QUARANTINE_ROOM = 'quarantine';
/** Roll calls: those who may run or follow one. */
const EVACUATION_ROOM = 'evacuation';
const has = (user: AuthUser, ...roles: Role[]) => roles.some((r) => user.roles.includes(r));

@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server!: HubServer;
  private healthProvider: () => Promise<HealthDto> = () => Promise.reject(new Error('health not ready'));

  constructor(private readonly auth: AuthService) {}

  afterInit(server: HubServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const user = typeof token === 'string' ? this.auth.verify(token) : null;
      if (!user) return next(new Error('unauthorized'));
      socket.data = { user };
      next();
    });
    server.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
      const user = (socket.data as { user: AuthUser }).user;
      if (has(user, ...CONSOLE_ROLES)) void socket.join(CONSOLE_ROOM);
      // The rooms mirror what the REST routes allow, so a socket never carries more than the API.
      const scope = incidentScope(user);
      if (has(user, 'guard', 'manager', 'admin')) void socket.join(scope.kind === 'organisation' ? orgRoom(scope.organisationId) : LIVE_ROOM);
      if (has(user, 'guard', 'facilities', 'admin') || (has(user, 'manager') && scope.kind === 'all')) void socket.join(EVENTS_ROOM);
      if (has(user, 'guard', 'facilities', 'admin')) void socket.join(QUARANTINE_ROOM);
      if (has(user, 'guard', 'bhv', 'facilities', 'admin')) void socket.join(EVACUATION_ROOM);
      // Every user has a room of their own: a responder's page gets its alerts there.
      void socket.join(userRoom(user.id));
      socket.on('health.get', (ack) => {
        if (typeof ack !== 'function') return;
        this.healthProvider().then(ack, (err: Error) => this.logger.warn(`health.get failed: ${err.message}`));
      });
    });
  }

  setHealthProvider(provider: () => Promise<HealthDto>): void {
    this.healthProvider = provider;
  }

  private get console() {
    return this.server?.to(CONSOLE_ROOM);
  }

  /** To guards, admins and the coordinator, and to the team leads of the incident's organisation. */
  incidentUpsert(incident: IncidentDto): void {
    this.scoped('incident.upsert', incident, incident.organisationId);
  }

  private scoped<E extends 'incident.upsert' | 'alert.upsert'>(event: E, payload: Parameters<ServerToClientEvents[E]>[0], organisationId: string | null): void {
    if (!this.server) return;
    const emit = (target: ReturnType<HubServer['to']>) => (target.emit as (e: E, p: unknown) => boolean)(event, payload);
    emit(organisationId ? this.server.to([LIVE_ROOM, orgRoom(organisationId)]) : this.server.to(LIVE_ROOM));
  }
  deviceUpsert(device: DeviceDto): void {
    this.console?.emit('device.upsert', device);
  }
  eventsStored(events: StoredEventDto[]): void {
    if (events.length) this.server?.to(EVENTS_ROOM).emit('events.stored', events);
  }
  quarantineAdded(entry: QuarantineDto): void {
    this.server?.to(QUARANTINE_ROOM).emit('quarantine.added', entry);
  }
  health(health: HealthDto): void {
    this.console?.emit('health', health);
  }
  alertUpsert(alert: AlertDto): void {
    this.scoped('alert.upsert', alert, alert.organisationId);
  }
  evacuationUpsert(evacuation: EvacuationDto): void {
    this.server?.to(EVACUATION_ROOM).emit('evacuation.upsert', evacuation);
  }
  /** An overdue follow-up, to its owner and the managers who see its organisation. */
  followUpOverdue(userIds: string[], followUp: FollowUpSummaryDto): void {
    if (userIds.length) this.server?.to(userIds.map(userRoom)).emit('followup.overdue', followUp);
  }
  /** To one responder's open pages (the in-app channel). */
  toUser(userId: string, view: ResponderViewDto): void {
    this.server?.to(userRoom(userId)).emit('responder.alert', view);
  }
}
