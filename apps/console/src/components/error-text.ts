import { ApiError } from '@/api/http';

/** A message of the console itself (e.g. client-side validation), translated when shown. */
export class Notice {
  constructor(readonly key: string) {}
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A user-facing sentence for anything thrown by an API call. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    return t('errors.api', { message: error.message, status: error.status });
  }
  if (error instanceof Notice) return t(error.key);
  if (typeof error === 'string' && error) return error;
  return t('errors.unknown');
}
