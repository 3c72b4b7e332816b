import type { IncidentDto } from '@wachtpost/contracts';
import { compareQueueOrder, orderIncidentQueue } from './incident-order';
import { incidentFixture } from './incident.fixture';

const incident = incidentFixture;

const ids = (list: IncidentDto[]) => list.map((i) => i.id);

describe('orderIncidentQueue', () => {
  it('puts open incidents before acknowledged ones, whatever their priority', () => {
    const list = [
      incident('ack-urgent', { status: 'acknowledged', priority: 1 }),
      incident('open-minor', { status: 'open', priority: 3 }),
    ];
    expect(ids(orderIncidentQueue(list))).toEqual(['open-minor', 'ack-urgent']);
  });

  it('orders by priority ascending within a status (1 is most urgent)', () => {
    const list = [
      incident('p3', { priority: 3, openedAt: '2024-05-01T09:00:00.000Z' }),
      incident('p1', { priority: 1, openedAt: '2024-05-01T11:00:00.000Z' }),
      incident('p2', { priority: 2, openedAt: '2024-05-01T08:00:00.000Z' }),
    ];
    expect(ids(orderIncidentQueue(list))).toEqual(['p1', 'p2', 'p3']);
  });

  it('puts the oldest first within the same status and priority', () => {
    const list = [
      incident('newer', { openedAt: '2024-05-01T10:05:00.000Z' }),
      incident('oldest', { openedAt: '2024-05-01T09:59:00+02:00' }),
      incident('older', { openedAt: '2024-05-01T10:01:00.000Z' }),
    ];
    expect(ids(orderIncidentQueue(list))).toEqual(['oldest', 'older', 'newer']);
  });

  it('combines the three rules', () => {
    const list = [
      incident('ack-p1-old', { status: 'acknowledged', priority: 1, openedAt: '2024-05-01T08:00:00.000Z' }),
      incident('open-p2-old', { priority: 2, openedAt: '2024-05-01T08:00:00.000Z' }),
      incident('open-p1-new', { priority: 1, openedAt: '2024-05-01T10:00:00.000Z' }),
      incident('ack-p2', { status: 'acknowledged', priority: 2 }),
      incident('open-p1-old', { priority: 1, openedAt: '2024-05-01T09:00:00.000Z' }),
    ];
    expect(ids(orderIncidentQueue(list))).toEqual(['open-p1-old', 'open-p1-new', 'open-p2-old', 'ack-p1-old', 'ack-p2']);
  });

  it('leaves resolved incidents out', () => {
    const list = [incident('done', { status: 'resolved' }), incident('live')];
    expect(ids(orderIncidentQueue(list))).toEqual(['live']);
  });

  it('does not change its input and is stable on full ties (by id)', () => {
    const list = [incident('b'), incident('a')];
    const copy = [...list];
    expect(ids(orderIncidentQueue(list))).toEqual(['a', 'b']);
    expect(list).toEqual(copy);
    expect(compareQueueOrder(incident('x'), incident('x'))).toBe(0);
  });
});
