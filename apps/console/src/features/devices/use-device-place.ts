import type { DeviceDto } from '@wachtpost/contracts';
import { useI18n } from 'vue-i18n';
import { useSiteStore } from '@/features/site/site.store';

/** "Spreekkamer B0.12, Begane grond" for a device, from the site's rooms and floors. */
export function useDevicePlace() {
  const site = useSiteStore();
  const { t } = useI18n();
  return (device: DeviceDto): string => {
    const room = device.roomId ? (site.roomsById.get(device.roomId)?.name ?? device.roomId) : null;
    const floor = site.floorsById.get(device.floorId)?.name ?? device.floorId;
    return room ? t('panel.place', { room, floor }) : floor;
  };
}
