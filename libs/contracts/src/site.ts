/** The site description file (data/sites/*.json): rooms, floors and devices of one campus. */
import { z } from 'zod';
import { deviceKindSchema, idPattern } from './device';
import { siteAccessSchema, siteCardholderSchema } from './access';
import { scenarioSchema, siteResponderSchema } from './dispatch';

export const rectSchema = z.object({ x: z.number(), y: z.number(), w: z.number().positive(), h: z.number().positive() });
export const pointSchema = z.object({ x: z.number(), y: z.number() });

export const roomSchema = z.object({
  id: z.string().min(1).max(32),
  name: z.string().min(1),
  rect: rectSchema,
  /** The organisation using the room; shared rooms (hall, reception) have none. */
  organisationId: z.string().regex(idPattern).nullable().default(null),
  /** A room where the public is received (front office, interview rooms): evaluated apart. */
  frontOffice: z.boolean().default(false),
});

export const floorSchema = z.object({
  id: z.string().regex(idPattern),
  name: z.string().min(1),
  level: z.number().int(),
  /** File name of the SVG plan, relative to the site file's folder. */
  plan: z.string().min(1),
  rooms: z.array(roomSchema),
});

export const siteDeviceSchema = z.object({
  id: z.string().regex(idPattern),
  kind: deviceKindSchema,
  name: z.string().min(1),
  floorId: z.string().regex(idPattern),
  roomId: z.string().nullable().default(null),
  position: pointSchema,
  heartbeatSeconds: z.number().int().min(5).max(3600).optional(),
});

export const siteFileSchema = z.object({
  id: z.string().regex(idPattern),
  name: z.string().min(1),
  timezone: z.string().default('Europe/Amsterdam'),
  organisations: z
    .array(
      z.object({
        // `visitor` and `contractor` name the groups of cardholders without an organisation of their own.
        id: z.string().regex(idPattern).refine((id) => id !== 'visitor' && id !== 'contractor', 'visitor and contractor are reserved'),
        name: z.string().min(1),
      }),
    )
    .min(1),
  floors: z.array(floorSchema).min(1),
  devices: z.array(siteDeviceSchema).min(1),
  /** Instructions (standard operating procedure) per incident type, shown to the guard. */
  instructions: z.record(z.string(), z.array(z.string().min(1))),
  /** BHV members and what they can do (demo data for the sample site). */
  responders: z.array(siteResponderSchema).default([]),
  /** Dispatch scenarios: who is alerted, how, and when the alert widens. */
  scenarios: z.array(scenarioSchema).default([]),
  /** Access control: retention, presence reset, opening hours and door rules. */
  access: siteAccessSchema.default(siteAccessSchema.parse({})),
  /** People with badges (the sample site's; in production they come from the HR import). */
  cardholders: z.array(siteCardholderSchema).default([]),
}).superRefine((site, ctx) => {
  const orgs = new Set(site.organisations.map((o) => o.id));
  site.floors.forEach((floor, f) =>
    floor.rooms.forEach((room, r) => {
      if (room.organisationId && !orgs.has(room.organisationId)) {
        ctx.addIssue({ code: 'custom', path: ['floors', f, 'rooms', r, 'organisationId'], message: `no organisation ${room.organisationId} in organisations` });
      }
    }),
  );
});

export type Rect = z.infer<typeof rectSchema>;
export type Point = z.infer<typeof pointSchema>;
export type SiteFile = z.infer<typeof siteFileSchema>;
export type SiteFileDevice = z.infer<typeof siteDeviceSchema>;
