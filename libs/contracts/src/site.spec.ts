import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { siteFileSchema } from './site';

const sample = () => JSON.parse(readFileSync(join(__dirname, '../../../data/sites/stadhuis-tiel.json'), 'utf8')) as Record<string, unknown> & { floors: { rooms: { organisationId?: string | null }[] }[] };

describe('site file', () => {
  it('accepts the sample site, with rooms of its organisations and front-office rooms', () => {
    const site = siteFileSchema.parse(sample());
    const rooms = site.floors.flatMap((f) => f.rooms);
    expect(rooms.find((r) => r.id === 'B0.01')).toMatchObject({ organisationId: 'gemeente-tiel', frontOffice: true });
    expect(rooms.find((r) => r.id === 'B0.02')).toMatchObject({ organisationId: null, frontOffice: false });
  });

  it('names the room whose organisation is not one of the site', () => {
    const raw = sample();
    raw.floors[0]!.rooms[1]!.organisationId = 'belastingdienst';
    const result = siteFileSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['floors', 0, 'rooms', 1, 'organisationId'], message: 'no organisation belastingdienst in organisations' })]);
  });
});
