/**
 * Holes found by probing the service (issue 11), each closed and kept closed here: file modes
 * of the data dir, token revocation while `serve` holds the embedded database (and at once),
 * who asked for every re-processing in the audit trail, malformed input answered 4xx without
 * internals, bull-board's cookie and cross-site requests, the stored PDF's download headers.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/review.js';
import { getReport } from '../../src/store/reports.js';
import { createToken, revokeToken } from '../../src/store/tokens.js';
import { createUser } from '../../src/store/users.js';
import { POSTGRES_AVAILABLE, testPostgresUrl } from '../helpers/postgres.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { Client, PASSWORD } from '../ui/helpers.js';
import { waitFor } from './helpers/faults.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { pgSchemaUrl, startTestService, type TestService } from './helpers/service.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `nianbao …` in a child process, under umask 022 (the usual default), with the given environment. */
function nianbao(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, 'bin/nianbao.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', NIANBAO_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const INTERNALS = /out of range|integer|postgres|pglite|ECONN|127\.0\.0\.1|stack|at [A-Za-z.]+ \(/i;

describe('the data dir after a run under umask 022', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'nianbao-modes-'));
  });
  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is its owner’s alone: folders 0700, files 0600', async () => {
    const dataDir = join(dir, 'data');
    const env = { REDIS_URL: redis.url, NIANBAO_DATA_DIR: dataDir, NIANBAO_PORT: '0', NIANBAO_CONCURRENCY: '1' };
    const token = await nianbao(['token', 'create', '--name', 'modes'], env);
    expect(token.code, token.stderr).toBe(0);
    expect((await nianbao(['user', 'add', 'root', '--role', 'admin'], env, `${PASSWORD}\n`)).code).toBe(0);
    const serve = spawn('sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, 'bin/nianbao.js', 'serve'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, DATABASE_URL: '', NIANBAO_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    serve.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const url = await waitFor('the API address', async () => /API on (http:\/\/\S+) /.exec(stderr)?.[1], 60_000);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await distinctPdf(8801))]), 'modes.pdf');
      const auth = { authorization: `Bearer ${token.stdout.trim()}` };
      const { id } = (await (
        await fetch(`${url}/api/reports`, { method: 'POST', body: form, headers: auth })
      ).json()) as { id: number };
      await waitFor(
        'the report',
        async () =>
          ['passed', 'flagged'].includes(
            ((await (await fetch(`${url}/api/reports/${id}`, { headers: auth })).json()) as { status: string }).status,
          ),
        60_000,
      );
      const c = new Client(url);
      expect((await c.login('root')).status).toBe(303);
      expect((await c.fetch(`/report/${id}/page/1`)).status).toBe(200); // the page cache is written
    } finally {
      const exited = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    const loose: string[] = [];
    for (const entry of await readdir(dataDir, { recursive: true })) {
      const st = await lstat(join(dataDir, entry));
      if (st.isSymbolicLink()) continue;
      const mode = st.mode & 0o777;
      if (st.isDirectory() ? mode !== 0o700 : (mode & 0o077) !== 0) loose.push(`${entry} ${mode.toString(8)}`);
    }
    expect((await lstat(dataDir)).mode & 0o777).toBe(0o700);
    expect(loose).toEqual([]);
    expect((await readdir(join(dataDir, 'cache', 'pages'), { recursive: true })).some((f) => f.endsWith('.png'))).toBe(
      true,
    );
  }, 150_000);
});

describe('tokens while serve holds the embedded database', () => {
  let redis: TestRedis;
  let t: TestService;
  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('`nianbao token list` and `revoke` hand the change to the running server; the token stops at once', async () => {
    const { id, token } = await createToken(t.service.db!, 'leaked');
    const use = (): Promise<Response> =>
      fetch(`${t.service.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } });
    expect((await use()).status).toBe(200);
    const env = { NIANBAO_DATA_DIR: t.config.dataDir };
    const list = await nianbao(['token', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\tleaked\\t`, 'm'));
    const revoke = await nianbao(['token', 'revoke', String(id)], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toMatch(new RegExp(`token ${id} revoked`));
    expect((await use()).status).toBe(401);
    expect((await nianbao(['token', 'revoke', String(id)], env)).code).toBe(1); // not active any more
  }, 60_000);

  it('a token revoked in the database (as the CLI does on PostgreSQL) stops working at the next request', async () => {
    const { id, token } = await createToken(t.service.db!, 'cached');
    const use = (): Promise<Response> =>
      fetch(`${t.service.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } });
    expect((await use()).status).toBe(200);
    expect(await revokeToken(t.service.db!, id)).toBe(true);
    expect((await use()).status).toBe(401);
  });
});

for (const backend of ['PGlite', 'PostgreSQL'] as const) {
  describe.skipIf(backend === 'PostgreSQL' && !POSTGRES_AVAILABLE)(`the API and bull-board on ${backend}`, () => {
    let redis: TestRedis;
    let t: TestService;
    let close: () => Promise<void> = async () => undefined;
    let reportId: number;

    beforeAll(async () => {
      redis = await startRedis();
      let databaseUrl: string | null = null;
      if (backend === 'PostgreSQL') {
        const server = (await testPostgresUrl())!;
        const schema = await pgSchemaUrl(server.url);
        databaseUrl = schema.url;
        close = async () => {
          await schema.drop();
          await server.close();
        };
      }
      t = await startTestService({ redisUrl: redis.url, databaseUrl });
      for (const [name, role] of [
        ['root', 'admin'],
        ['victor', 'viewer'],
      ] as const)
        await createUser(t.service.db!, { name, role, password: PASSWORD });
      reportId = ((await (await t.upload(await distinctPdf(8802), 'evil.html')).json()) as { id: number }).id;
      await t.waitFinished([reportId]);
    }, 120_000);
    afterAll(async () => {
      await t?.stop();
      await redis?.stop();
      await close();
    }, 60_000);

    it('answers malformed cookies, huge ids and years with 4xx, never a 500 with internals', async () => {
      const url = t.service.url!;
      const bad = '%E0%A4%A';
      const checks: [string, RequestInit, number[]][] = [
        ['/api/reports', { headers: { cookie: `nianbao_session=${bad}` } }, [401]],
        ['/admin/queues', { headers: { cookie: `nianbao_token=${bad}` } }, [401]],
        ['/admin/queues', { headers: { cookie: `nianbao_admin=${bad}` } }, [401]],
        ['/queue', { headers: { cookie: `nianbao_session=${bad}` }, redirect: 'manual' }, [303]],
      ];
      const authed = { headers: { authorization: `Bearer ${t.token}` } };
      for (const path of [
        '/api/reports/99999999999',
        '/api/reports/99999999999/versions',
        '/api/reports/99999999999/file',
        '/api/reprocess/99999999999',
      ])
        checks.push([path, authed, [400, 404]]);
      checks.push(['/api/reports/99999999999/reprocess', { ...authed, method: 'POST' }, [400, 404]]);
      checks.push(['/api/reports?year=99999999999', authed, [400]]);
      checks.push(['/api/reports?after=99999999999', authed, [400]]);
      checks.push([
        '/api/reprocess',
        {
          method: 'POST',
          headers: { ...authed.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ year: 99999999999 }),
        },
        [400],
      ]);
      for (const [path, init, statuses] of checks) {
        const res = await fetch(`${url}${path}`, init);
        const body = await res.text();
        expect(statuses, `${path}: ${res.status} ${body}`).toContain(res.status);
        expect(body, path).not.toMatch(INTERNALS);
      }
    });

    it('puts every re-processing in the audit trail with who asked: API, bulk', async () => {
      const res = await t.api(`/api/reports/${reportId}/reprocess`, { method: 'POST' });
      expect(res.status).toBe(202);
      expect((await listAudit(t.service.db!, reportId))[0]).toMatchObject({
        action: 'reprocess',
        userName: 'token:test',
        newValue: 'run 2',
      });
      await t.waitFinished([reportId]);
      const bulk = await t.api('/api/reprocess', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ all: true }),
      });
      expect(bulk.status).toBe(202);
      const run = (await bulk.json()) as { id: number };
      const entry = await waitFor('the bulk run’s audit entry', async () =>
        (await listAudit(t.service.db!, reportId)).find((e) => e.action === 'reprocess' && e.newValue === 'run 3'),
      );
      expect(entry).toMatchObject({ userName: 'token:test', detail: { bulkRun: run.id } });
      await waitFor(
        'run 3 done',
        async () =>
          (await getReport(t.service.db!, reportId))?.status !== 'queued' && (await t.waitFinished([reportId])),
      );
    }, 60_000);

    it('downloads the stored PDF as an attachment named .pdf, never sniffed', async () => {
      const res = await t.api(`/api/reports/${reportId}/file`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="evil\.pdf"/);
    });

    it(
      'bull-board: a session id in the cookie (not the token), cross-site writes refused, read-only for ' +
        'non-admins',
      async () => {
        const url = t.service.url!;
        const form = await fetch(`${url}/admin/login`);
        const loginCookie = form.headers
          .getSetCookie()
          .map((c) => c.split(';')[0]!)
          .join('; ');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
        // Login CSRF: a form posted without the page's token is refused.
        const forged = await fetch(`${url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `token=${t.token}`,
          redirect: 'manual',
        });
        expect(forged.status).toBe(403);
        const login = await fetch(`${url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
          body: `token=${t.token}&_csrf=${csrf}`,
          redirect: 'manual',
        });
        expect(login.status).toBe(303);
        const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('nianbao_admin='))!;
        expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
        expect(setCookie).not.toContain(t.token);
        expect(setCookie).not.toContain(encodeURIComponent(t.token));
        const cookie = setCookie.split(';')[0]!;
        expect((await fetch(`${url}/admin/queues`, { headers: { cookie } })).status).toBe(200);
        const pause = (headers: Record<string, string>): Promise<Response> =>
          fetch(`${url}/admin/queues/api/queues/reprocess/pause`, { method: 'PUT', headers });
        // From another site (another port of this host is the same site, so SameSite does not stop it).
        expect((await pause({ cookie, origin: 'http://127.0.0.1:1' })).status).toBe(403);
        expect((await pause({ cookie })).status).toBe(403); // no Origin at all, with a cookie
        expect(await t.service.queues.reprocess.isPaused()).toBe(false);
        expect((await pause({ cookie, origin: url })).status).toBe(200);
        expect(await t.service.queues.reprocess.isPaused()).toBe(true);
        await t.service.queues.reprocess.resume();
        // Review-UI sessions: admins may act, others only look.
        const viewer = new Client(url);
        await viewer.login('victor');
        expect((await viewer.fetch('/admin/queues')).status).toBe(200);
        expect(
          (await viewer.fetch('/admin/queues/api/queues/reprocess/pause', { method: 'PUT', headers: { origin: url } }))
            .status,
        ).toBe(403);
        const admin = new Client(url);
        await admin.login('root');
        expect(
          (await admin.fetch('/admin/queues/api/queues/reprocess/pause', { method: 'PUT', headers: { origin: url } }))
            .status,
        ).toBe(200);
        await t.service.queues.reprocess.resume();
        // Revoking the token ends its bull-board session.
        const { id, token } = await createToken(t.service.db!, 'board');
        const f2 = await fetch(`${url}/admin/login`);
        const c2 = f2.headers
          .getSetCookie()
          .map((c) => c.split(';')[0]!)
          .join('; ');
        const t2 = /name="_csrf" value="([^"]+)"/.exec(await f2.text())?.[1] ?? '';
        const l2 = await fetch(`${url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c2 },
          body: `token=${token}&_csrf=${t2}`,
          redirect: 'manual',
        });
        const cookie2 = l2.headers
          .getSetCookie()
          .find((c) => c.startsWith('nianbao_admin='))!
          .split(';')[0]!;
        expect((await fetch(`${url}/admin/queues`, { headers: { cookie: cookie2 } })).status).toBe(200);
        await revokeToken(t.service.db!, id);
        expect((await fetch(`${url}/admin/queues`, { headers: { cookie: cookie2 } })).status).toBe(401);
      },
    );
  });
}
