import type { FollowUpSummaryDto } from '@wachtpost/contracts';
import { useSiteStore } from '@/features/site/site.store';
import { incidentCategoryKey, incidentTypeKey } from '@/i18n/labels';
import { useFormat } from '@/i18n/use-format';

type Named = Pick<FollowUpSummaryDto, 'roomName' | 'floorName' | 'location' | 'category' | 'type' | 'organisationId'>;

/** How an entry of the register is named on screen: its place, category and organisation. */
export function useFollowUpText() {
  const { t, label } = useFormat();
  const site = useSiteStore();

  function place(f: Named): string {
    if (f.roomName && f.floorName) return t('panel.place', { room: f.roomName, floor: f.floorName });
    return f.roomName ?? (f.location || f.floorName) ?? t('register.unknownPlace');
  }
  const category = (f: Pick<Named, 'category'>) => label(incidentCategoryKey, f.category ?? 'uncategorised');
  const organisation = (id: string | null) => (id ? (site.site?.organisations.find((o) => o.id === id)?.name ?? id) : t('register.noOrganisation'));
  /** "Bedreiging — Spreekkamer B0.12, Begane grond"; the live type when there is no category yet. */
  const what = (f: Named) => t('panel.heading', { type: f.category ? category(f) : label(incidentTypeKey, f.type), place: place(f) });

  return { place, category, organisation, what };
}
