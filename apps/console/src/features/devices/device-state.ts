/**
 * What the console says about a device: its marker state on the floor plan and its health
 * problems. Pure (unit-tested by jest; no Vue, no DOM).
 */
import type { DeviceDto, DeviceKind, IncidentDto } from '@wachtpost/contracts';

export const LOW_BATTERY_PERCENT = 20;

/** Most pressing first; the legend lists them in this order. */
export const markerStates = ['alarm', 'door-forced', 'door-held', 'acknowledged', 'offline', 'door-open', 'idle'] as const;
export type MarkerState = (typeof markerStates)[number];

export type HealthIssue = 'offline' | 'tamper' | 'battery-low';

/**
 * Most pressing first: an open alarm on the device, an open forced or held door, an
 * acknowledged one of those, the device being offline, a door standing open, otherwise idle.
 * Technical incidents (offline, battery, tamper) show through the device's own state.
 */
export function markerState(device: DeviceDto, activeIncidents: readonly IncidentDto[]): MarkerState {
  const own = activeIncidents.filter((i) => i.deviceId === device.id && i.kind !== 'technical');
  const open = own.filter((i) => i.status === 'open');
  if (open.some((i) => i.type === 'alarm.pressed')) return 'alarm';
  if (open.some((i) => i.type === 'door.forced')) return 'door-forced';
  if (open.some((i) => i.type === 'door.held')) return 'door-held';
  if (open.length > 0) return 'alarm';
  if (own.some((i) => i.status === 'acknowledged')) return 'acknowledged';
  if (!device.online) return 'offline';
  if (device.doorState === 'open') return 'door-open';
  return 'idle';
}

/** An alarm button that is offline cannot call for help: it is an alarm of its own. */
export function cannotCallForHelp(device: Pick<DeviceDto, 'kind' | 'online'>): boolean {
  return device.kind === 'alarm-button' && !device.online;
}

/** The incident says an alarm button went offline (the device's kind comes from the registry). */
export function isOfflineAlarmButton(incident: Pick<IncidentDto, 'type'>, deviceKind: DeviceKind | undefined): boolean {
  return incident.type === 'device.offline' && deviceKind === 'alarm-button';
}

export function healthIssues(device: DeviceDto): HealthIssue[] {
  const issues: HealthIssue[] = [];
  if (!device.online) issues.push('offline');
  if (device.tamper) issues.push('tamper');
  if (device.battery !== null && device.battery < LOW_BATTERY_PERCENT) issues.push('battery-low');
  return issues;
}

/** Devices with at least one problem: offline alarm buttons first, then other offline ones, then by name. */
export function devicesWithIssues(devices: readonly DeviceDto[]): { device: DeviceDto; issues: HealthIssue[] }[] {
  const rank = (d: DeviceDto) => (cannotCallForHelp(d) ? 0 : d.online ? 2 : 1);
  return devices
    .map((device) => ({ device, issues: healthIssues(device) }))
    .filter((entry) => entry.issues.length > 0)
    .sort((a, b) => rank(a.device) - rank(b.device) || a.device.name.localeCompare(b.device.name, 'nl'));
}
