import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@wachtpost/contracts';

export const IS_PUBLIC = 'wachtpost:public';
export const ROLES = 'wachtpost:roles';

/** The route needs no token (login, health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only users holding one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  /** A manager's organisation (team lead). */
  organisationId: string | null;
  /** A manager for the whole campus (security coordinator). */
  campusScope: boolean;
}

/** What of the incident register a user may see: everything, one organisation's, or only live and recent incidents. */
export type IncidentScope = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'recent' };

/**
 * Fails closed: a manager sees an organisation's register only when given one, the whole campus
 * only when given campus scope; a manager given neither sees what a guard sees.
 */
export function incidentScope(user: AuthUser): IncidentScope {
  if (user.roles.includes('admin')) return { kind: 'all' };
  if (user.roles.includes('manager')) {
    if (user.organisationId) return { kind: 'organisation', organisationId: user.organisationId };
    if (user.campusScope) return { kind: 'all' };
  }
  return { kind: 'recent' };
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
