export { Simulator, randomBadge, randomDoorActivity, siteBadges } from './simulator';
export type { SimulatorOptions, SimulatorStats } from './simulator';
export {
  SimulatedDevice,
  FIRMWARE_VERSION,
  DEFAULT_MAX_INFLIGHT,
  applyCommand,
  buildEvent,
  newEventId,
  rfc3339,
} from './simulated-device';
export type {
  CommandResult,
  DeviceState,
  DeviceStats,
  Direction,
  EventBody,
  LedState,
  SimulatedDeviceEvents,
  SimulatedDeviceOptions,
} from './simulated-device';
export { loadSiteFile, defaultSiteFilePath } from './site-file';
