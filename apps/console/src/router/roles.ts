/** Which part of the console a user belongs in, by role. */
import type { UserDto } from '@wachtpost/contracts';

/** Roles that work in the control room; anyone else with the bhv role gets the responder pages. */
const CONSOLE_ROLES = ['guard', 'facilities', 'manager', 'admin'];

export function isResponderOnly(user: UserDto | null): boolean {
  return !!user && user.roles.includes('bhv') && !user.roles.some((r) => CONSOLE_ROLES.includes(r));
}

/** May use the access log, badges and presence pages. */
export function isFacilities(user: UserDto | null): boolean {
  return !!user && user.roles.some((r) => r === 'facilities' || r === 'admin');
}

/** Facilities without a control-room role: the control room is not theirs (the hub refuses them its data). */
export function isFacilitiesOnly(user: UserDto | null): boolean {
  return isFacilities(user) && !user!.roles.some((r) => r === 'guard' || r === 'manager' || r === 'admin');
}

/** May start a roll call, tick people off and close it. */
export function canRunRollCall(user: UserDto | null): boolean {
  return !!user && user.roles.some((r) => r === 'guard' || r === 'bhv' || r === 'admin');
}

/** Where a user lands after login: facilities and admins on the access log, BHV on their alerts, managers on the register. */
export function homeOf(user: UserDto | null): string {
  if (isResponderOnly(user)) return '/my-alerts';
  if (isFacilities(user)) return '/access-log';
  // A team lead or the coordinator works in the register; the control room is one click away.
  if (isManager(user) && !user!.roles.includes('guard')) return '/incidents';
  return '/';
}

/** May use the incident register, the follow-ups and the evaluation: admins, and managers given an organisation or the campus. */
export function isManager(user: UserDto | null): boolean {
  if (!user) return false;
  if (user.roles.includes('admin')) return true;
  return user.roles.includes('manager') && (!!user.organisationId || user.campusScope);
}

/**
 * The one organisation a team lead answers for; null for the security coordinator (campus scope)
 * and for admins, who choose.
 */
export function ownOrganisation(user: UserDto | null): string | null {
  if (!user || user.roles.includes('admin') || !user.roles.includes('manager')) return null;
  return user.organisationId ?? null;
}
