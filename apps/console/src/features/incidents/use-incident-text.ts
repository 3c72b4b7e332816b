import type { IncidentDto } from '@wachtpost/contracts';
import { isOfflineAlarmButton } from '@/features/devices/device-state';
import { useDevicesStore } from '@/features/devices/devices.store';
import { useSiteStore } from '@/features/site/site.store';
import { incidentStatusKey, incidentTypeKey } from '@/i18n/labels';
import { useFormat } from '@/i18n/use-format';
import { attentionOf } from './incident-attention';

/** How an incident is named on screen: "Alarmknop — Spreekkamer B0.12, Begane grond". */
export function useIncidentText() {
  const { t, label } = useFormat();
  const site = useSiteStore();
  const devices = useDevicesStore();

  function place(incident: IncidentDto): string {
    const device = devices.get(incident.deviceId);
    const room = incident.roomName ?? (incident.roomId ? site.roomsById.get(incident.roomId)?.name : undefined);
    const floorId = incident.floorId ?? device?.floorId;
    const floor = incident.floorName ?? (floorId ? site.floorsById.get(floorId)?.name : undefined);
    if (room && floor) return t('panel.place', { room, floor });
    return room ?? floor ?? device?.name ?? t('queue.unknownPlace');
  }

  const offlineButton = (incident: IncidentDto) => isOfflineAlarmButton(incident, devices.kindOf(incident.deviceId));
  const type = (incident: IncidentDto) => (offlineButton(incident) ? t('incidentType.buttonOffline') : label(incidentTypeKey, incident.type));
  const status = (incident: IncidentDto) => label(incidentStatusKey, incident.status);
  const title = (incident: IncidentDto) => t('panel.heading', { type: type(incident), place: place(incident) });
  const attention = (incident: IncidentDto) => attentionOf(incident, devices.kindOf(incident.deviceId));

  return { place, type, status, title, attention, offlineButton };
}
