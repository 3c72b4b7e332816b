/**
 * The one way the console talks REST to the hub: same origin, JSON, Bearer token, typed by
 * libs/contracts. A non-2xx answer becomes a thrown ApiError; a 401 on an authenticated call
 * also ends the session (see configureHttp in main.ts).
 */
import {
  API_PREFIX,
  type AccessLogPageDto,
  type AuditEntryDto,
  type BadgeDetailDto,
  type BlockBadgeRequest,
  type CardholderDto,
  type CardholderImportReport,
  type EvacuationDto,
  type EvaluationDto,
  type EvaluationQuery,
  type FollowUpDto,
  type FollowUpPatch,
  type FollowUpStatus,
  type FollowUpSummaryDto,
  type RegisterIncidentRequest,
  type PresenceDto,
  type AlertDetailDto,
  type AlertDto,
  type AlertStatus,
  type RespondRequest,
  type ResponderViewDto,
  type ScenarioDto,
  type StartAlertRequest,
  type BulkResolveIncidentsRequest,
  type BulkResolveIncidentsResponse,
  type DeviceDto,
  type ErrorResponse,
  type EventsQuery,
  type HealthDto,
  type IncidentDetailDto,
  type IncidentDto,
  type IncidentStatus,
  type LoginRequest,
  type LoginResponse,
  type QuarantineDto,
  type ResolveIncidentRequest,
  type SiteDto,
  type StoredEventDto,
  type incidentNoteSchema,
} from '@wachtpost/contracts';
import type { z } from 'zod';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the hub could not be reached at all. */
    readonly status: number,
    message: string,
    readonly issues: ErrorResponse['issues'] = undefined,
    /** The parsed body of the error response, if any. */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

interface HttpHooks {
  getToken: () => string | null;
  onUnauthorized: () => void;
}
let hooks: HttpHooks = { getToken: () => null, onUnauthorized: () => undefined };

export function configureHttp(next: HttpHooks): void {
  hooks = next;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  /** A non-JSON body (a CSV upload) sent as it is with this content type. */
  raw?: { type: string; text: string };
  /** false for the login call: no token sent, and a 401 there is just bad credentials. */
  auth?: boolean;
  accept?: string;
  signal?: AbortSignal;
}

function isSameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

function errorMessage(body: unknown, fallback: string): { message: string; issues?: ErrorResponse['issues'] } {
  if (body && typeof body === 'object' && 'message' in body) {
    const { message, issues } = body as Partial<ErrorResponse> & { message: unknown };
    const text = Array.isArray(message) ? message.map(String).join('; ') : typeof message === 'string' ? message : fallback;
    return { message: text || fallback, issues: Array.isArray(issues) ? issues : undefined };
  }
  return { message: fallback };
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.raw) headers['Content-Type'] = options.raw.type;
  const token = options.auth === false ? null : hooks.getToken();
  // The token only ever goes to our own origin.
  if (token && isSameOrigin(path)) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.raw ? options.raw.text : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, err instanceof Error ? err.message : 'network error');
  }

  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const { message, issues } = errorMessage(body, response.statusText || `HTTP ${response.status}`);
    if (response.status === 401 && options.auth !== false) hooks.onUnauthorized();
    throw new ApiError(response.status, message, issues, body);
  }
  return response;
}

export async function requestJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file download with its suggested name (Content-Disposition). */
export async function requestFile(path: string, options?: RequestOptions): Promise<{ blob: Blob; disposition: string | null }> {
  const response = await send(path, { accept: '*/*', ...options });
  return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
}

export async function requestBlob(path: string, options?: RequestOptions): Promise<Blob> {
  const response = await send(path, { accept: '*/*', ...options });
  return response.blob();
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = (value: string) => encodeURIComponent(value);

type IncidentNoteRequest = z.input<typeof incidentNoteSchema>;
type EventsQueryParams = Partial<Pick<EventsQuery, 'deviceId' | 'from' | 'to' | 'limit'>>;

/** The hub's REST API, typed by the contracts. */
export const hubApi = {
  login: (body: LoginRequest) => requestJson<LoginResponse>(`${API_PREFIX}/auth/login`, { method: 'POST', body, auth: false }),
  sites: () => requestJson<SiteDto[]>(`${API_PREFIX}/sites`),
  devices: () => requestJson<DeviceDto[]>(`${API_PREFIX}/devices`),
  incidents: (status: IncidentStatus, limit?: number) =>
    requestJson<IncidentDto[]>(`${API_PREFIX}/incidents${query({ status, limit })}`),
  incident: (incidentId: string, signal?: AbortSignal) =>
    requestJson<IncidentDetailDto>(`${API_PREFIX}/incidents/${id(incidentId)}`, { signal }),
  acknowledge: (incidentId: string) =>
    requestJson<IncidentDto>(`${API_PREFIX}/incidents/${id(incidentId)}/acknowledge`, { method: 'POST' }),
  resolve: (incidentId: string, body: ResolveIncidentRequest) =>
    requestJson<IncidentDto>(`${API_PREFIX}/incidents/${id(incidentId)}/resolve`, { method: 'POST', body }),
  bulkResolve: (body: BulkResolveIncidentsRequest) =>
    requestJson<BulkResolveIncidentsResponse>(`${API_PREFIX}/incidents/bulk-resolve`, { method: 'POST', body }),
  addNote: (incidentId: string, body: IncidentNoteRequest) =>
    requestJson<IncidentDto>(`${API_PREFIX}/incidents/${id(incidentId)}/notes`, { method: 'POST', body }),
  quarantine: (limit?: number) => requestJson<QuarantineDto[]>(`${API_PREFIX}/quarantine${query({ limit })}`),
  events: (params: EventsQueryParams) => requestJson<StoredEventDto[]>(`${API_PREFIX}/events${query(params)}`),
  health: () => requestJson<HealthDto>('/api/health', { auth: false }),
  // ---- BHV dispatch (guard) ----
  scenarios: () => requestJson<ScenarioDto[]>(`${API_PREFIX}/scenarios`),
  alerts: (params: { status?: AlertStatus; incidentId?: string; limit?: number }) =>
    requestJson<AlertDto[]>(`${API_PREFIX}/alerts${query(params)}`),
  alert: (alertId: string, signal?: AbortSignal) => requestJson<AlertDetailDto>(`${API_PREFIX}/alerts/${id(alertId)}`, { signal }),
  startAlert: (body: StartAlertRequest) => requestJson<AlertDto>(`${API_PREFIX}/alerts`, { method: 'POST', body }),
  escalate: (alertId: string) => requestJson<AlertDto>(`${API_PREFIX}/alerts/${id(alertId)}/escalate`, { method: 'POST' }),
  allClear: (alertId: string) => requestJson<AlertDto>(`${API_PREFIX}/alerts/${id(alertId)}/all-clear`, { method: 'POST' }),
  // ---- BHV dispatch (responder): a signed link token, or else the session's bearer ----
  myAlerts: () => requestJson<ResponderViewDto[]>(`${API_PREFIX}/alerts/mine`),
  responderView: (alertId: string, linkToken: string | null, signal?: AbortSignal) =>
    requestJson<ResponderViewDto>(`${API_PREFIX}/alerts/${id(alertId)}/responder${query({ token: linkToken ?? undefined })}`, {
      signal,
      auth: linkToken === null,
    }),
  respond: (alertId: string, linkToken: string | null, body: RespondRequest) =>
    requestJson<ResponderViewDto>(`${API_PREFIX}/alerts/${id(alertId)}/responses${query({ token: linkToken ?? undefined })}`, {
      method: 'POST',
      body,
      auth: linkToken === null,
    }),
  vapidPublicKey: () => requestJson<{ publicKey: string }>(`${API_PREFIX}/push/vapid-public-key`, { auth: false }),
  pushSubscribe: (body: { endpoint: string; keys: { p256dh: string; auth: string } }, link: { alertId: string; token: string } | null) =>
    requestJson<{ ok: true }>(`${API_PREFIX}/push-subscriptions${query(link ? { alertId: link.alertId, token: link.token } : {})}`, {
      method: 'POST',
      body,
      auth: link === null,
    }),
  // ---- access control (facilities, admin) ----
  accessLog: (params: Record<string, string | number | undefined>) => requestJson<AccessLogPageDto>(`${API_PREFIX}/access-log${query(params)}`),
  accessLogExport: (params: Record<string, string | undefined>) => requestFile(`${API_PREFIX}/access-log/export.csv${query(params)}`, { accept: 'text/csv' }),
  cardholders: (params: { siteId?: string; organisation?: string; q?: string; limit?: number }) =>
    requestJson<CardholderDto[]>(`${API_PREFIX}/cardholders${query(params)}`),
  importCardholders: (siteId: string, csv: string, dryRun: boolean) =>
    requestJson<CardholderImportReport>(`${API_PREFIX}/cardholders/import${query({ siteId, dryRun: String(dryRun) })}`, {
      method: 'POST',
      raw: { type: 'text/csv; charset=utf-8', text: csv },
    }),
  badge: (badge: string) => requestJson<BadgeDetailDto>(`${API_PREFIX}/badges/${id(badge)}`),
  blockBadge: (badge: string, body: BlockBadgeRequest) => requestJson<BadgeDetailDto>(`${API_PREFIX}/badges/${id(badge)}/block`, { method: 'POST', body }),
  unblockBadge: (badge: string) => requestJson<BadgeDetailDto>(`${API_PREFIX}/badges/${id(badge)}/unblock`, { method: 'POST' }),
  audit: (params: { from?: string; to?: string; limit?: number }) => requestJson<AuditEntryDto[]>(`${API_PREFIX}/audit${query(params)}`),
  presence: (siteId: string) => requestJson<PresenceDto>(`${API_PREFIX}/presence${query({ siteId })}`),
  // ---- evacuation roll call (guard, bhv, admin) ----
  startEvacuation: (siteId: string) => requestJson<EvacuationDto>(`${API_PREFIX}/evacuations`, { method: 'POST', body: { siteId } }),
  evacuation: (evacuationId: string) => requestJson<EvacuationDto>(`${API_PREFIX}/evacuations/${id(evacuationId)}`),
  runningEvacuations: () => requestJson<EvacuationDto[]>(`${API_PREFIX}/evacuations?status=active&limit=1`),
  accounted: (evacuationId: string, cardholderId: string) =>
    requestJson<EvacuationDto>(`${API_PREFIX}/evacuations/${id(evacuationId)}/accounted`, { method: 'POST', body: { cardholderId } }),
  closeEvacuation: (evacuationId: string) => requestJson<EvacuationDto>(`${API_PREFIX}/evacuations/${id(evacuationId)}/close`, { method: 'POST' }),
  // ---- incident register, follow-up and evaluation (managers, admin) ----
  followUps: (params: { status?: FollowUpStatus; overdue?: 'true' | 'false'; organisation?: string; limit?: number }) =>
    requestJson<FollowUpSummaryDto[]>(`${API_PREFIX}/follow-ups${query(params)}`),
  registerIncident: (body: RegisterIncidentRequest) => requestJson<FollowUpDto>(`${API_PREFIX}/incidents`, { method: 'POST', body }),
  followUp: (incidentId: string, signal?: AbortSignal) => requestJson<FollowUpDto>(`${API_PREFIX}/incidents/${id(incidentId)}/follow-up`, { signal }),
  updateFollowUp: (incidentId: string, body: FollowUpPatch) =>
    requestJson<FollowUpDto>(`${API_PREFIX}/incidents/${id(incidentId)}/follow-up`, { method: 'PATCH', body }),
  evaluation: (params: EvaluationQuery, signal?: AbortSignal) => requestJson<EvaluationDto>(`${API_PREFIX}/evaluation${query(params)}`, { signal }),
  evaluationReport: (format: 'pdf' | 'csv', params: EvaluationQuery) =>
    requestFile(`${API_PREFIX}/evaluation/report.${format}${query(params)}`, { accept: format === 'pdf' ? 'application/pdf' : 'text/csv' }),
  /** A floor plan (or any protected file) as a Blob, fetched with the Bearer header. */
  file: (url: string) => requestBlob(url),
};
