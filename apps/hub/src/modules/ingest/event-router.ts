/**
 * Which module reacts to which stored device event: the one place to read an event's path.
 * Handlers run inside the ingest transaction, after the event row is written, and only for
 * events stored for the first time (a redelivery reacts to nothing). Access events are the bulk
 * of the traffic: their owner takes all of a batch's at once (`routeBatch`), in one write.
 */
import { Injectable } from '@nestjs/common';
import type { DeviceEvent, DeviceEventType } from '@wachtpost/contracts';
import type { UnitOfWork } from '../../database/unit-of-work';
import { AccessLogService } from '../access/access-log.service';
import { DevicesService } from '../devices/devices.service';
import { AlertsService } from '../dispatch/alerts.service';
import { IncidentsService, type Trigger } from '../incidents/incidents.service';
import type { RegisteredDevice } from './message-parser';

type Handler<T extends DeviceEventType> = (uow: UnitOfWork, device: RegisteredDevice, event: Extract<DeviceEvent, { type: T }>) => Promise<unknown>;
/** `batch`: handled with the batch's other events of that kind by `routeBatch`. */
type RouteTable = { [T in DeviceEventType]: Handler<T> | 'batch' | null };

@Injectable()
export class EventRouter {
  constructor(
    private readonly devices: DevicesService,
    private readonly incidents: IncidentsService,
    private readonly alerts: AlertsService,
    private readonly access: AccessLogService,
  ) {}

  private readonly routes: RouteTable = {
    'alarm.pressed': (uow, d, e) => this.alarm(uow, { ...this.base(d), type: 'alarm.pressed', silent: e.silent ?? false, data: { eventId: e.eventId, ts: e.ts } }),
    'alarm.reset': (uow, d, e) => this.incidents.noteFromDevice(uow, d.id, 'alarm.pressed', { event: 'alarm.reset', eventId: e.eventId, ts: e.ts }),
    tamper: (uow, d, e) => this.devices.applyTamper(uow, d, e.state, e.ts),
    'battery.low': (uow, d, e) => this.devices.applyBatteryLow(uow, d, e.level, e.ts),
    'door.opened': (uow, d) => this.devices.applyDoorState(uow, d, 'open'),
    'door.closed': (uow, d) => this.devices.applyDoorState(uow, d, 'closed'),
    'door.forced': async (uow, d, e) => {
      await this.devices.applyDoorState(uow, d, 'open');
      await this.alarm(uow, { ...this.base(d), type: 'door.forced', data: { eventId: e.eventId, ts: e.ts } });
    },
    'door.held': (uow, d, e) => this.alarm(uow, { ...this.base(d), type: 'door.held', data: { eventId: e.eventId, ts: e.ts, seconds: e.seconds } }),
    // → AccessLogService.recordBatch: access log, presence, roll call, door alarm rules.
    'access.granted': 'batch',
    'access.denied': 'batch',
  };

  /** True when some module reacts to this type (most access traffic needs no reaction). */
  reactsTo(type: DeviceEventType): boolean {
    return this.routes[type] !== null;
  }

  async route(uow: UnitOfWork, device: RegisteredDevice, event: DeviceEvent): Promise<void> {
    const handler = this.routes[event.type] as Handler<typeof event.type> | 'batch' | null;
    if (handler && handler !== 'batch') await handler(uow, device, event);
  }

  /** The batch-routed events of a batch, in one go; the door alarms they raise become incidents like any alarm. */
  async routeBatch(uow: UnitOfWork, items: { device: RegisteredDevice; event: DeviceEvent }[]): Promise<void> {
    const access = items.flatMap((i) => (i.event.type === 'access.granted' || i.event.type === 'access.denied' ? [{ siteId: i.device.siteId, doorId: i.device.id, event: i.event }] : []));
    // Sorted by door and type: the incident rows are locked in the same order by every batch.
    const alarms = (await this.access.recordBatch(uow, access)).sort((a, b) => (a.doorId === b.doorId ? a.type.localeCompare(b.type) : a.doorId < b.doorId ? -1 : 1));
    for (const a of alarms) {
      await this.alarm(uow, { ...this.base({ id: a.doorId, siteId: a.siteId, kind: 'door' }), type: a.type, data: a.data });
    }
  }

  async unknownDevice(uow: UnitOfWork, siteId: string, deviceId: string): Promise<void> {
    await this.incidents.trigger(uow, { siteId, deviceId, type: 'device.unknown', floorId: null, roomId: null, data: { deviceId } });
  }

  /** An alarm incident; when it is new (not a repeat press), the matching BHV scenario starts in the same transaction. */
  private async alarm(uow: UnitOfWork, trigger: Trigger): Promise<void> {
    const incident = await this.incidents.trigger(uow, trigger);
    if (!incident.opened) return;
    const alert = await this.alerts.onIncidentOpened(uow, { ...trigger, incidentId: incident.id, incidentType: trigger.type, deviceId: trigger.deviceId });
    if ('skipped' in alert && alert.skipped === 'flood_limit') {
      // The guard must know that nobody was alerted automatically for this one.
      await this.incidents.systemNote(uow, incident.id, { warning: 'dispatch_flood_limit', text: 'Te veel automatische alarmeringen deze minuut: BHV niet automatisch gealarmeerd.' });
    } else if ('alertId' in alert) {
      await this.incidents.systemNote(uow, incident.id, { alertId: alert.alertId, text: 'BHV gealarmeerd' });
    }
  }

  private base(d: RegisteredDevice) {
    return { siteId: d.siteId, deviceId: d.id, deviceKind: d.kind, ...this.devices.placeOf(d.id) };
  }
}
