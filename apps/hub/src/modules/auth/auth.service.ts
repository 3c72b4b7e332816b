import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { roleSchema, type LoginResponse, type Role, type UserDto, type userAccountSchema } from '@wachtpost/contracts';
import type { z } from 'zod';
import { Repository } from 'typeorm';
import { APP_CONFIG, DEMO_PASSWORD, type AppConfig } from '../../config/config';
import type { AuthUser } from './auth.decorators';
import { UserEntity } from './user.entity';

/** The demo cast: exists only in demo mode. */
export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; organisationId?: string; campusScope?: boolean }[] = [
  { username: 'guard', displayName: 'Beveiliger receptie', roles: ['guard'] },
  ...Array.from({ length: 8 }, (_, i) => ({ username: `bhv${i + 1}`, displayName: `BHV'er ${i + 1}`, roles: ['bhv'] as Role[] })),
  { username: 'facilities', displayName: 'Facilitair beheer', roles: ['facilities'] },
  { username: 'manager', displayName: 'Teamleider Publiekszaken', roles: ['manager'], organisationId: 'gemeente-tiel' },
  { username: 'manager-uwv', displayName: 'Teamleider UWV', roles: ['manager'], organisationId: 'uwv' },
  { username: 'coordinator', displayName: 'Veiligheidscoördinator', roles: ['manager'], campusScope: true },
  { username: 'admin', displayName: 'Applicatiebeheerder', roles: ['admin'] },
];

const RESPONDER_AUDIENCE = 'wachtpost-responder';

interface TokenClaims {
  sub: string;
  username: string;
  roles: Role[];
  org?: string | null;
  campus?: boolean;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static toDto(u: UserEntity): UserDto {
    return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, organisationId: u.organisationId, campusScope: u.campusScope };
  }

  async login(username: string, password: string): Promise<LoginResponse | null> {
    const user = await this.users.findOneBy({ username });
    // Verify against a fixed hash for unknown users too, so timing does not reveal who exists.
    const hash = user?.passwordHash ?? (await this.dummyHash());
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!user || !ok) return null;
    if (user.isDemo && !this.config.demo) return null;
    const claims: TokenClaims = { sub: user.id, username: user.username, roles: user.roles, org: user.organisationId, campus: user.campusScope };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds, user: AuthService.toDto(user) };
  }

  verify(token: string): AuthUser | null {
    try {
      const claims = this.jwt.verify<TokenClaims & { aud?: string }>(token);
      if (claims.aud === RESPONDER_AUDIENCE || !Array.isArray(claims.roles)) return null;
      const roles = claims.roles.filter((r) => roleSchema.safeParse(r).success);
      return { id: claims.sub, username: claims.username, roles, organisationId: typeof claims.org === 'string' ? claims.org : null, campusScope: claims.campus === true };
    } catch {
      return null;
    }
  }

  /** A link token that lets one responder answer one alert without logging in. */
  signResponderLink(alertId: string, userId: string, ttlSeconds: number): string {
    return this.jwt.sign({ sub: userId, alert: alertId }, { audience: RESPONDER_AUDIENCE, expiresIn: ttlSeconds });
  }

  verifyResponderLink(token: string): { alertId: string; userId: string } | null {
    try {
      const claims = this.jwt.verify<{ sub: string; alert: string }>(token, { audience: RESPONDER_AUDIENCE });
      return { alertId: claims.alert, userId: claims.sub };
    } catch {
      return null;
    }
  }

  async me(id: string): Promise<UserDto | null> {
    const user = await this.users.findOneBy({ id });
    return user ? AuthService.toDto(user) : null;
  }

  /** Creates the demo users when missing (demo mode only). */
  /** Creates the demo users when missing; an older demo database gets their current scopes (a coordinator stays one). */
  async seedDemoUsers(): Promise<void> {
    const hash = await argon2.hash(DEMO_PASSWORD);
    await this.users
      .createQueryBuilder()
      .insert()
      .values(DEMO_USERS.map((u) => ({ ...u, organisationId: u.organisationId ?? null, campusScope: u.campusScope ?? false, passwordHash: hash, isDemo: true })))
      .orUpdate(['organisation_id', 'campus_scope'], ['username'], { overwriteCondition: { where: { isDemo: true } } })
      .execute();
  }

  /** Creates the account or changes it (roles, scope, name, password); never a demo user. */
  async saveUser(account: z.output<typeof userAccountSchema>): Promise<'created' | 'updated'> {
    if (account.organisationId) {
      const [org] = await this.users.manager.query<unknown[]>(`SELECT 1 FROM organisations WHERE id = $1`, [account.organisationId]);
      if (!org) throw new Error(`organisationId: no organisation ${account.organisationId} (load the site first)`);
    }
    const existing = await this.users.findOneBy({ username: account.username });
    if (!existing && !account.password) throw new Error('WACHTPOST_PASSWORD: a new account needs a password');
    const fields = {
      displayName: account.displayName,
      roles: account.roles,
      organisationId: account.organisationId,
      campusScope: account.campusScope,
      isDemo: false,
      ...(account.password ? { passwordHash: await argon2.hash(account.password) } : {}),
    };
    if (existing) {
      await this.users.update({ id: existing.id }, fields);
      return 'updated';
    }
    await this.users.insert({ username: account.username, passwordHash: '', ...fields });
    return 'created';
  }

  async countDemoUsers(): Promise<number> {
    return this.users.countBy({ isDemo: true });
  }

  private dummy?: Promise<string>;
  private dummyHash(): Promise<string> {
    this.dummy ??= argon2.hash('not-a-real-password');
    return this.dummy;
  }

  logRefusal(reason: string): void {
    this.logger.warn(reason);
  }
}
