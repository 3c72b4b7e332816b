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
