/**
 * What the console says about a device: its marker state on the floor plan and its health
 * problems. Pure (unit-tested by jest; no Vue, no DOM).
 */
import type { DeviceDto, IncidentDto } from '@wachtpost/contracts';

export const LOW_BATTERY_PERCENT = 20;

export const markerStates = ['alarm', 'acknowledged', 'offline', 'door-open', 'idle'] as const;
export type MarkerState = (typeof markerStates)[number];

export type HealthIssue = 'offline' | 'tamper' | 'battery-low';

/**
 * Most pressing first: an open alarm or door incident on the device, an acknowledged one, the
 * device being offline, a door standing open, otherwise idle. Technical incidents (offline,
 * battery, tamper) show through the device's own state, not as an alarm.
 */
export function markerState(device: DeviceDto, activeIncidents: readonly IncidentDto[]): MarkerState {
  const own = activeIncidents.filter((i) => i.deviceId === device.id && i.kind !== 'technical');
  if (own.some((i) => i.status === 'open')) return 'alarm';
  if (own.some((i) => i.status === 'acknowledged')) return 'acknowledged';
  if (!device.online) return 'offline';
  if (device.doorState === 'open') return 'door-open';
  return 'idle';
}

export function healthIssues(device: DeviceDto): HealthIssue[] {
  const issues: HealthIssue[] = [];
  if (!device.online) issues.push('offline');
  if (device.tamper) issues.push('tamper');
  if (device.battery !== null && device.battery < LOW_BATTERY_PERCENT) issues.push('battery-low');
  return issues;
}

/** Devices with at least one problem: offline first, then by name. */
export function devicesWithIssues(devices: readonly DeviceDto[]): { device: DeviceDto; issues: HealthIssue[] }[] {
  return devices
    .map((device) => ({ device, issues: healthIssues(device) }))
    .filter((entry) => entry.issues.length > 0)
    .sort(
      (a, b) =>
        Number(b.device.online === false) - Number(a.device.online === false) ||
        a.device.name.localeCompare(b.device.name, 'nl'),
    );
}
