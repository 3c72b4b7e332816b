import { z } from 'zod';

export const roles = ['guard', 'bhv', 'facilities', 'manager', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** The organisation a manager answers for (a team lead). */
  organisationId: string | null;
  /** A manager for the whole campus (the security coordinator). A manager with neither sees what a guard sees. */
  campusScope: boolean;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: UserDto;
}

/** An account as an administrator creates or changes it (`cli.js user`). */
export const userAccountSchema = z
  .object({
    username: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case letters, digits, . _ -; 2 to 64 characters'),
    displayName: z.string().trim().min(1).max(120),
    roles: z
      .array(roleSchema)
      .min(1, 'give at least one role')
      .transform((r) => [...new Set(r)]),
    organisationId: z.string().min(1).nullable().default(null),
    campusScope: z.boolean().default(false),
    /** Required for a new account; left out, an existing account keeps its password. */
    password: z.string().min(12, 'at least 12 characters').max(256).optional(),
  })
  .refine((u) => !(u.organisationId && u.campusScope), { message: 'an organisation or campus scope, not both', path: ['campusScope'] })
  .refine((u) => u.roles.includes('manager') || (!u.organisationId && !u.campusScope), {
    message: 'organisation and campus scope are for managers',
    path: ['organisationId'],
  });
export type UserAccount = z.input<typeof userAccountSchema>;
