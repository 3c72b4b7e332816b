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
  /** A manager's organisation; null is campus scope. */
  organisationId: string | null;
}

/** What of the incident register a user may see: everything, one organisation's, or only live and recent incidents. */
export type IncidentScope = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'recent' };

export function incidentScope(user: AuthUser): IncidentScope {
  if (user.roles.includes('admin')) return { kind: 'all' };
  if (user.roles.includes('manager')) return user.organisationId ? { kind: 'organisation', organisationId: user.organisationId } : { kind: 'all' };
  return { kind: 'recent' };
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
