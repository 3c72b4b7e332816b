/** BullMQ queue names and job payloads. */
export const QUEUES = {
  deviceCommands: 'device-commands',
} as const;

export interface DeviceCommandJob {
  /** Id of the row in the hub's device_commands table; also the job id and the wire cmdId. */
  commandId: string;
}
