import type { Role, UserDto } from '@wachtpost/contracts';
import { homeOf, isManager, ownOrganisation } from './roles';

const user = (roles: Role[], organisationId: string | null = null, campusScope = false): UserDto => ({ id: 'u', username: 'u', displayName: 'U', roles, organisationId, campusScope });

describe('roles in the console', () => {
  it('offers the register to team leads, the coordinator and admins, not to a manager given neither', () => {
    expect(isManager(user(['manager'], 'uwv'))).toBe(true);
    expect(isManager(user(['manager'], null, true))).toBe(true);
    expect(isManager(user(['admin']))).toBe(true);
    expect(isManager(user(['manager']))).toBe(false);
    expect(isManager(user(['guard']))).toBe(false);
  });

  it('lands managers on the register, guards in the control room, facilities on the access log', () => {
    expect(homeOf(user(['manager'], 'uwv'))).toBe('/incidents');
    expect(homeOf(user(['manager'], null, true))).toBe('/incidents');
    expect(homeOf(user(['manager']))).toBe('/');
    expect(homeOf(user(['guard', 'manager'], 'uwv'))).toBe('/');
    expect(homeOf(user(['facilities']))).toBe('/access-log');
    expect(homeOf(user(['bhv']))).toBe('/my-alerts');
  });

  it("fixes a team lead's organisation; the coordinator and admins choose", () => {
    expect(ownOrganisation(user(['manager'], 'uwv'))).toBe('uwv');
    expect(ownOrganisation(user(['manager'], null, true))).toBeNull();
    expect(ownOrganisation(user(['admin'], 'uwv'))).toBeNull();
  });
});
