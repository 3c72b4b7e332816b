import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DeviceDto, DeviceKind } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';
import { devicesWithIssues } from './device-state';

export const useDevicesStore = defineStore('devices', () => {
  const byId = shallowRef<Record<string, DeviceDto>>({});
  const loaded = ref(false);
  /** Upserts received while a snapshot is in flight, replayed over it. */
  let pending: DeviceDto[] | null = null;

  const list = computed(() => Object.values(byId.value).sort((a, b) => a.name.localeCompare(b.name, 'nl')));
  const withIssues = computed(() => devicesWithIssues(list.value));

  function upsert(device: DeviceDto): void {
    byId.value = { ...byId.value, [device.id]: device };
    pending?.push(device);
  }

  const load = coalesce(async () => {
    pending = [];
    try {
      const snapshot = await hubApi.devices();
      const next: Record<string, DeviceDto> = {};
      for (const device of snapshot) next[device.id] = device;
      for (const device of pending) next[device.id] = device;
      byId.value = next;
      loaded.value = true;
    } finally {
      pending = null;
    }
  });

  function get(id: string | null | undefined): DeviceDto | undefined {
    return id ? byId.value[id] : undefined;
  }

  function kindOf(id: string | null | undefined): DeviceKind | undefined {
    return get(id)?.kind;
  }

  function $reset(): void {
    byId.value = {};
    loaded.value = false;
  }

  return { byId, list, withIssues, loaded, upsert, load, get, kindOf, $reset };
});
