import { IncidentTransitionError, incidentTypeInfo, nextStatus } from './incident-state';

describe('incident state machine', () => {
  it('moves open → acknowledged → resolved', () => {
    expect(nextStatus('open', 'acknowledge')).toBe('acknowledged');
    expect(nextStatus('acknowledged', 'resolve')).toBe('resolved');
  });

  it('allows resolving an open incident directly', () => {
    expect(nextStatus('open', 'resolve')).toBe('resolved');
  });

  it('refuses to acknowledge twice or to touch a resolved incident', () => {
    expect(() => nextStatus('acknowledged', 'acknowledge')).toThrow(IncidentTransitionError);
    expect(() => nextStatus('resolved', 'acknowledge')).toThrow('cannot acknowledge an incident that is resolved');
    expect(() => nextStatus('resolved', 'resolve')).toThrow(IncidentTransitionError);
  });

  it('accepts notes in every state without changing it', () => {
    expect(nextStatus('open', 'note')).toBe('open');
    expect(nextStatus('resolved', 'note')).toBe('resolved');
  });

  it('ranks an alarm press above a door alarm, and an offline alarm button above an offline door', () => {
    expect(incidentTypeInfo('alarm.pressed').priority).toBeLessThan(incidentTypeInfo('door.forced').priority);
    expect(incidentTypeInfo('device.offline', 'alarm-button').priority).toBeLessThan(
      incidentTypeInfo('device.offline', 'door').priority,
    );
    expect(incidentTypeInfo('battery.low').kind).toBe('technical');
  });
});
