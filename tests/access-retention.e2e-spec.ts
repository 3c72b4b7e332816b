/**
 * Retention (AVG): the scheduled BullMQ job deletes access-log rows older than the site's
 * retention — and the same access events in the raw event store — and nothing newer; each run
 * that deleted something is on the audit log.
 */
import type { AuditEntryDto } from '@wachtpost/contracts';
import { siteFileVariant } from './support/access';
import { waitFor } from './support/env';
import { TestHub } from './support/hub';

// The sample site with 30 days of retention; the job runs every second here (hourly by default).
const site = siteFileVariant((s) => {
  s.access = { ...s.access, retentionDays: 30 };
});
const hub = new TestHub({ env: { SITE_FILE: site.file, ACCESS_RETENTION_EVERY_SECONDS: '1' } });

afterAll(async () => {
  await hub.dispose();
  site.remove();
});

const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 3600_000);

it('deletes what is older than the retention, keeps what is newer, and audits the run', async () => {
  // Stop the hub while the old rows go in, so the job cannot run halfway through.
  await hub.start();
  await hub.stop();
  const rows: [string, Date, Date][] = [
    ['old-1', daysAgo(45), daysAgo(45)],
    ['old-2', daysAgo(31), daysAgo(31)],
    ['recent-1', daysAgo(29), daysAgo(29)],
    ['recent-2', daysAgo(1), daysAgo(1)],
    // A door with a wrong clock: the event claims to be old, but the hub received it yesterday.
    ['bad-clock', daysAgo(400), daysAgo(1)],
  ];
  for (const [eventId, ts, received] of rows) {
    await hub.query(
      `INSERT INTO access_log (site_id, door_id, event_id, ts, received_at, badge, direction, result) VALUES ('stadhuis-tiel', 'door-main', $1, $2, $3, 'P200101', 'in', 'granted')`,
      [eventId, ts, received],
    );
    await hub.query(
      `INSERT INTO device_events (site_id, device_id, event_id, type, ts, received_at, payload) VALUES ('stadhuis-tiel', 'door-main', $1, 'access.granted', $2, $3, '{}')`,
      [eventId, ts, received],
    );
  }
  await hub.query(`INSERT INTO device_events (site_id, device_id, event_id, type, ts, received_at, payload) VALUES ('stadhuis-tiel', 'door-main', 'old-door', 'door.forced', $1, $1, '{}')`, [daysAgo(60)]);

  await hub.start();
  const ids = async (sql: string) => (await hub.query<{ event_id: string }>(sql)).map((r) => r.event_id);
  const accessLog = () => ids(`SELECT event_id FROM access_log ORDER BY event_id`);
  const deviceEvents = () => ids(`SELECT event_id FROM device_events WHERE type LIKE 'access.%' OR event_id = 'old-door' ORDER BY event_id`);
  await waitFor(async () => (await accessLog()).length === 3, 15_000, 'the retention job to delete the old rows');
  expect(await accessLog()).toEqual(['bad-clock', 'recent-1', 'recent-2']);
  await waitFor(async () => (await deviceEvents()).length === 4, 5000, 'the raw access events to go too');
  // Access events go; other device events are not the access log's to delete.
  expect(await deviceEvents()).toEqual(['bad-clock', 'old-door', 'recent-1', 'recent-2']);

  const audit = (await hub.client((await hub.login('admin')).accessToken).get<AuditEntryDto[]>('/api/v1/audit')).body;
  const run = audit.find((a) => a.action === 'retention.delete');
  expect(run).toMatchObject({ actor: 'system', rowCount: 2, filter: expect.objectContaining({ siteId: 'stadhuis-tiel', accessLog: 2, deviceEvents: 2 }) });
  // The scheduler keeps running: nothing more is deleted and nothing more is audited.
  await new Promise((r) => setTimeout(r, 2500));
  expect(await accessLog()).toHaveLength(3);
  const again = (await hub.client((await hub.login('admin')).accessToken).get<AuditEntryDto[]>('/api/v1/audit')).body;
  expect(again.filter((a) => a.action === 'retention.delete')).toHaveLength(1);
});
