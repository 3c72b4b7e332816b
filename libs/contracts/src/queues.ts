/** BullMQ queue names and job payloads. */
export const QUEUES = {
  deviceCommands: 'device-commands',
  dispatchDeliveries: 'dispatch-deliveries',
  dispatchEscalations: 'dispatch-escalations',
  accessRetention: 'access-retention',
  followUpReminders: 'follow-up-reminders',
} as const;

export interface DeliveryJob {
  /** Id of the alert_deliveries row; also the job id. */
  deliveryId: string;
}

export interface EscalationJob {
  alertId: string;
  /** The round this timer belongs to; a timer of a round already left does nothing. */
  round: number;
}

export interface DeviceCommandJob {
  /** Id of the row in the hub's device_commands table; also the job id and the wire cmdId. */
  commandId: string;
}
