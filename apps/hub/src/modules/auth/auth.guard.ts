import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@wachtpost/contracts';
import { IS_PUBLIC, ROLES, type AuthUser } from './auth.decorators';
import { AuthService } from './auth.service';

/** Global guard: every route needs a valid bearer token unless @Public(), and a role if @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException('a bearer token is required');
    const user = this.auth.verify(token);
    if (!user) throw new UnauthorizedException('the token is invalid or expired');
    request.user = user;
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (needed && !needed.some((r) => user.roles.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${needed.join(', ')}`);
    }
    return true;
  }
}
