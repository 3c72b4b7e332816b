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

/** Which incidents, alerts and live updates a user gets: all, one organisation's, or only live and recent ones. */
export type IncidentScope = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'recent' };
/** Which part of the incident register (follow-ups with personal data, evaluation) a user may see. */
export type RegisterScope = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'none' };

/**
 * The live view. A guard always keeps the guard's view of every live alarm, also when they are
 * a team lead besides; a team lead sees their organisation's; admins and the coordinator all.
 */
export function incidentScope(user: AuthUser): IncidentScope {
  if (user.roles.includes('admin')) return { kind: 'all' };
  if (user.roles.includes('manager') && user.campusScope) return { kind: 'all' };
  if (user.roles.includes('guard')) return { kind: 'recent' };
  if (user.roles.includes('manager') && user.organisationId) return { kind: 'organisation', organisationId: user.organisationId };
  return { kind: 'recent' };
}

/**
 * The register. Fails closed: a manager sees an organisation's only when given one, the whole
 * campus only when given campus scope; anyone else none of it.
 */
export function registerScope(user: AuthUser): RegisterScope {
  if (user.roles.includes('admin')) return { kind: 'all' };
  if (user.roles.includes('manager')) {
    if (user.organisationId) return { kind: 'organisation', organisationId: user.organisationId };
    if (user.campusScope) return { kind: 'all' };
  }
  return { kind: 'none' };
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
