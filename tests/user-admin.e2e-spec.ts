/**
 * Accounts outside demo mode: the admin CLI creates and changes them, with the role, the
 * organisation a team lead answers for or the coordinator's campus scope; bad input is refused
 * with the field named, and the password never appears on the command line.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { EvaluationDto, LoginResponse } from '@wachtpost/contracts';
import { repoRoot } from './support/env';
import { TestHub } from './support/hub';

const hub = new TestHub();
const PASSWORD = 'een-lang-wachtwoord-2026';

function cli(args: string[], password = PASSWORD): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'apps/hub/dist/cli.js'), ...args], {
      env: { ...process.env, DATABASE_URL: hub.databaseUrl, LOG_LEVEL: 'warn', WACHTPOST_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function login(username: string, password: string): Promise<{ status: number; body: LoginResponse }> {
  const res = await fetch(`${hub.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return { status: res.status, body: (await res.json()) as LoginResponse };
}

beforeAll(() => hub.start());
afterAll(() => hub.dispose());

it('creates a team lead who answers for one organisation', async () => {
  const made = await cli(['user', 'tl-werkzaak', '--roles', 'manager', '--name', 'Teamleider Werkzaak', '--organisation', 'werkzaak']);
  expect(made).toMatchObject({ code: 0 });
  expect(made.output).toContain('user tl-werkzaak created: manager, organisation werkzaak');
  const res = await login('tl-werkzaak', PASSWORD);
  expect(res.status).toBe(200);
  expect(res.body.user).toMatchObject({ username: 'tl-werkzaak', displayName: 'Teamleider Werkzaak', roles: ['manager'], organisationId: 'werkzaak', campusScope: false });
  const evaluation = await hub.client(res.body.accessToken).get<EvaluationDto>('/api/v1/evaluation?from=2026-07-01&to=2026-09-30');
  expect(evaluation.body.organisationId).toBe('werkzaak');
  expect((await hub.client(res.body.accessToken).get('/api/v1/evaluation?from=2026-07-01&to=2026-09-30&organisation=uwv')).status).toBe(403);
});

it('gives the coordinator campus scope, and changes an account in place', async () => {
  expect((await cli(['user', 'coord', '--roles', 'manager', '--campus'])).code).toBe(0);
  expect((await login('coord', PASSWORD)).body.user).toMatchObject({ organisationId: null, campusScope: true });
  const changed = await cli(['user', 'coord', '--roles', 'guard'], 'nog-een-lang-wachtwoord');
  expect(changed.output).toContain('user coord updated: guard');
  expect((await login('coord', PASSWORD)).status).toBe(401);
  expect((await login('coord', 'nog-een-lang-wachtwoord')).body.user).toMatchObject({ roles: ['guard'], campusScope: false });
  // Without WACHTPOST_PASSWORD an existing account keeps its password; a new one is refused.
  expect((await cli(['user', 'coord', '--roles', 'guard,guard,facilities'], '')).code).toBe(0);
  expect((await login('coord', 'nog-een-lang-wachtwoord')).body.user).toMatchObject({ roles: ['guard', 'facilities'] });
  const fresh = await cli(['user', 'nieuw', '--roles', 'guard'], '');
  expect(fresh.code).toBe(1);
  expect(fresh.output).toContain('WACHTPOST_PASSWORD: a new account needs a password');
});

it('refuses bad input and names what is wrong', async () => {
  const cases: [string[], string, string][] = [
    [['user', 'kort', '--roles', 'guard'], 'kort', 'WACHTPOST_PASSWORD: at least 12 characters'],
    [['user', 'x1', '--roles', 'manager', '--organisation', 'belastingdienst'], PASSWORD, 'organisationId: no organisation belastingdienst'],
    [['user', 'x2', '--roles', 'manager', '--organisation', 'uwv', '--campus'], PASSWORD, 'campusScope: an organisation or campus scope, not both'],
    [['user', 'x3', '--roles', 'guard', '--campus'], PASSWORD, 'organisationId: organisation and campus scope are for managers'],
    [['user', 'x4', '--roles', 'chef'], PASSWORD, 'roles.0: Invalid option'],
    [['user', 'Hoofdletters', '--roles', 'guard'], PASSWORD, 'username: lower-case letters'],
  ];
  for (const [args, password, message] of cases) {
    const res = await cli(args, password);
    expect(res.code).toBe(1);
    expect(res.output).toContain(message);
  }
  const made = await hub.query<{ username: string }>(`SELECT username FROM users WHERE username IN ('kort', 'x1', 'x2', 'x3', 'x4', 'hoofdletters')`);
  expect(made).toEqual([]);
});
