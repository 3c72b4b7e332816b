import type { DeviceDto } from '@wachtpost/contracts';
import type { DeviceEntity } from './device.entity';

export function toDeviceDto(d: DeviceEntity): DeviceDto {
  return {
    id: d.id,
    siteId: d.siteId,
    kind: d.kind,
    name: d.name,
    floorId: d.floorId,
    roomId: d.roomId,
    position: { x: d.posX, y: d.posY },
    heartbeatSeconds: d.heartbeatSeconds,
    online: d.online,
    lastSeen: d.lastSeen?.toISOString() ?? null,
    battery: d.battery,
    rssi: d.rssi,
    fw: d.fw,
    tamper: d.tamper,
    doorState: d.doorState,
  };
}
