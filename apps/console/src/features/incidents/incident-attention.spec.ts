import type { IncidentDto } from '@wachtpost/contracts';
import { attentionOf, soundFor } from './incident-attention';

type Bits = Pick<IncidentDto, 'kind' | 'type' | 'status'>;
const alarm: Bits = { kind: 'alarm', type: 'alarm.pressed', status: 'open' };
const door: Bits = { kind: 'door', type: 'door.forced', status: 'open' };
const battery: Bits = { kind: 'technical', type: 'battery.low', status: 'open' };
const offline: Bits = { kind: 'technical', type: 'device.offline', status: 'open' };
const manual: Bits = { kind: 'manual', type: 'incident.registered', status: 'open' };

describe('attentionOf', () => {
  it('follows the hub\'s kind', () => {
    expect(attentionOf(alarm, 'alarm-button')).toBe('alarm');
    expect(attentionOf(door, 'door')).toBe('door');
    expect(attentionOf(battery, 'alarm-button')).toBe('technical');
  });

  it('makes an offline alarm button an alarm of its own, but not an offline door', () => {
    expect(attentionOf(offline, 'alarm-button')).toBe('button-offline');
    expect(attentionOf(offline, 'door')).toBe('technical');
    expect(attentionOf(offline, undefined)).toBe('technical');
  });

  it('asks no more attention for an incident registered by hand than for a technical one', () => {
    expect(attentionOf(manual, undefined)).toBe('technical');
  });
});

describe('soundFor (the queue in its order)', () => {
  it('plays the pattern of the first open incident', () => {
    expect(soundFor([door, alarm])).toBe('door');
    expect(soundFor([battery])).toBe('technical');
  });

  it('skips acknowledged incidents and is silent when nothing is open', () => {
    expect(soundFor([{ ...alarm, status: 'acknowledged' }, battery])).toBe('technical');
    expect(soundFor([{ ...alarm, status: 'acknowledged' }])).toBeNull();
    expect(soundFor([])).toBeNull();
  });

  it('sounds a silent alarm on the console like any other alarm', () => {
    const silent: Pick<IncidentDto, 'kind' | 'status' | 'silent'> = { kind: 'alarm', status: 'open', silent: true };
    expect(soundFor([silent])).toBe('alarm');
  });

  it('never sounds for an incident registered by hand', () => {
    expect(soundFor([manual])).toBeNull();
    expect(soundFor([manual, door])).toBe('door');
  });
});
