import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FloorDto, RoomDto, SiteDto } from '@wachtpost/contracts';
import { hubApi } from '../../api/http';
import { coalesce } from '../../api/refetch';

export type PlanImage =
  | { status: 'loading'; source: string }
  | { status: 'ready'; source: string; objectUrl: string }
  | { status: 'error'; source: string; error: unknown };

/** The site, its floors and rooms, and the floor plans (fetched with the token, shown via object URLs). */
export const useSiteStore = defineStore('site', () => {
  const site = shallowRef<SiteDto | null>(null);
  const loaded = ref(false);
  const selectedFloorId = ref<string | null>(null);
  const plans = shallowRef<Record<string, PlanImage>>({});

  const floors = computed<FloorDto[]>(() => [...(site.value?.floors ?? [])].sort((a, b) => a.level - b.level));
  const floorsById = computed(() => new Map(floors.value.map((f) => [f.id, f])));
  const roomsById = computed(() => {
    const rooms = new Map<string, RoomDto>();
    for (const floor of floors.value) for (const room of floor.rooms) rooms.set(room.id, room);
    return rooms;
  });
  const selectedFloor = computed(() => (selectedFloorId.value ? floorsById.value.get(selectedFloorId.value) : undefined) ?? floors.value[0] ?? null);

  const load = coalesce(async () => {
    const sites = await hubApi.sites();
    // The console serves one campus: the first site the hub lists for this user.
    site.value = sites[0] ?? null;
    loaded.value = true;
    if (!selectedFloorId.value || !floorsById.value.has(selectedFloorId.value)) selectedFloorId.value = floors.value[0]?.id ?? null;
  });

  function showFloor(floorId: string | null | undefined): void {
    if (floorId && floorsById.value.has(floorId)) selectedFloorId.value = floorId;
  }

  function setPlan(floorId: string, plan: PlanImage): void {
    const old = plans.value[floorId];
    if (old?.status === 'ready' && (plan.status !== 'ready' || old.objectUrl !== plan.objectUrl)) URL.revokeObjectURL(old.objectUrl);
    plans.value = { ...plans.value, [floorId]: plan };
  }

  /** Fetch a floor's plan once (again after an error or when its URL changed). */
  async function loadPlan(floor: FloorDto): Promise<void> {
    const current = plans.value[floor.id];
    if (current && current.source === floor.planUrl && current.status !== 'error') return;
    setPlan(floor.id, { status: 'loading', source: floor.planUrl });
    try {
      let blob = await hubApi.file(floor.planUrl);
      // An <image> only renders SVG when the blob says it is SVG.
      if (!blob.type.startsWith('image/')) blob = new Blob([await blob.text()], { type: 'image/svg+xml' });
      setPlan(floor.id, { status: 'ready', source: floor.planUrl, objectUrl: URL.createObjectURL(blob) });
    } catch (error) {
      setPlan(floor.id, { status: 'error', source: floor.planUrl, error });
    }
  }

  function $reset(): void {
    for (const plan of Object.values(plans.value)) if (plan.status === 'ready') URL.revokeObjectURL(plan.objectUrl);
    plans.value = {};
    site.value = null;
    loaded.value = false;
    selectedFloorId.value = null;
  }

  return { site, loaded, floors, floorsById, roomsById, selectedFloor, selectedFloorId, plans, load, showFloor, loadPlan, $reset };
});
