/**
 * The review UI over HTTP, without a browser: sessions, CSRF, roles on every route, the login
 * rate limit, escaping, the page-image route, the API for sessions, the admin pages, and the
 * `nianbao user` command (also while the server holds the embedded database).
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUser } from '../../src/cli/user.js';
import { main } from '../../src/cli/main.js';
import { listAudit } from '../../src/store/review.js';
import { listRuns } from '../../src/store/reprocess.js';
import { createUser, findUserByName } from '../../src/store/users.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { distinctPdf, slowPdf } from '../service/helpers/pdfs.js';
import { seedPglite } from '../service/helpers/service.js';
import { BACKENDS, Client, PASSWORD, startUiService, type UiService } from './helpers.js';

// (A double quote would arrive as %22: multipart clients encode it in file names.)
const EVIL_NAME = `<img src=x onerror=alert(1)>'&.pdf`;

for (const { backend, skip } of BACKENDS) {
describe.skipIf(skip)(`on ${backend}`, () => {
  let s: UiService;
  let reportId: number;

  beforeAll(async () => {
    s = await startUiService(backend);
    const res = await s.t.upload(await distinctPdf(5001), EVIL_NAME);
    reportId = ((await res.json()) as { id: number }).id;
    await s.t.waitFinished([reportId]);
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
  }, 60_000);

  describe('without a session', () => {
    it('every page redirects to the login, keeping where it was going', async () => {
      const c = new Client(s.url);
      for (const path of ['/', '/queue', `/report/${reportId}`, `/report/${reportId}/page/1`, '/export.csv', '/export.xlsx', '/manage']) {
        const res = await c.fetch(path);
        expect(res.status, path).toBe(303);
        expect(res.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
      const post = await c.post(`/report/${reportId}/approve`, {});
      expect(post.status).toBe(303);
      expect(post.headers.get('location')).toMatch(/^\/login/);
      // The API still wants a token.
      expect((await c.fetch('/api/reports')).status).toBe(401);
    });
  });

  describe('login', () => {
    it('sets an HttpOnly, SameSite session cookie, and goes back to the page asked for', async () => {
      const c = new Client(s.url);
      const page = await (await c.fetch('/login?next=%2Freport%2F1')).text();
      const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const res = await c.post('/login', { _csrf: token, name: 'alice', password: PASSWORD, next: '/report/1' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/report/1');
      const cookie = res.headers.getSetCookie().find((x) => x.startsWith('nianbao_session='))!;
      expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200/);
      const queue = await c.fetch('/queue');
      expect(queue.status).toBe(200);
      expect(queue.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(queue.headers.get('x-frame-options')).toBe('DENY');
    });

    it('refuses a login form without its CSRF token, a wrong password, and an offsite next', async () => {
      const c = new Client(s.url);
      await c.fetch('/login');
      expect((await c.post('/login', { name: 'alice', password: PASSWORD })).status).toBe(403);
      expect((await c.login('alice', 'not the password')).status).toBe(401);
      const page = await (await c.fetch('/login')).text();
      const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const res = await c.post('/login', { _csrf: token, name: 'alice', password: PASSWORD, next: '//evil.example/x' });
      expect(res.headers.get('location')).toBe('/queue');
    });

    it('is rate-limited per name after five failures (429 with Retry-After), for the right password too', async () => {
      await createUser(s.t.service.db!, { name: 'rita', role: 'viewer', password: PASSWORD });
      const c = new Client(s.url);
      for (let i = 0; i < 5; i++) expect((await c.login('rita', `wrong password ${i}`)).status).toBe(401);
      const blocked = await c.login('rita', PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another name from the same address is not blocked.
      expect((await new Client(s.url).login('victor')).status).toBe(303);
    });

    it('logout ends the session on the server (the old cookie no longer works)', async () => {
      const c = new Client(s.url);
      await c.login('victor');
      const cookie = c.cookies.get('nianbao_session')!;
      const token = await c.csrf();
      expect((await c.post('/logout', {})).status).toBe(403); // a forged logout
      const out = await c.post('/logout', { _csrf: token });
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/login?bye=1');
      const replay = new Client(s.url);
      replay.cookies.set('nianbao_session', cookie);
      expect((await replay.fetch('/queue')).status).toBe(303);
    });

    it('an expired session is sent to the login', async () => {
      const c = new Client(s.url);
      await c.login('victor');
      expect((await c.fetch('/queue')).status).toBe(200);
      const user = await findUserByName(s.t.service.db!, 'victor');
      await s.t.service.db!.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user!.id]);
      expect((await c.fetch('/queue')).status).toBe(303);
    });
  });

  describe('roles and CSRF on every action', () => {
    it('a viewer reads but cannot act: no forms on the page, and the POST is refused 403 even with a valid token', async () => {
      const c = new Client(s.url);
      await c.login('victor');
      const page = await (await c.fetch(`/report/${reportId}`)).text();
      expect(page).not.toMatch(/action="\/report\/\d+\/(correct|confirm|approve|reject|reprocess)"/);
      const token = await c.csrf();
      for (const action of ['correct', 'confirm-cell', 'confirm', 'approve', 'reject', 'reopen', 'conflict', 'reprocess']) {
        const res = await c.post(`/report/${reportId}/${action}`, { _csrf: token, cell: 'appeals.review.total', value: '4', reason: 'ocr-misread', note: 'x' });
        expect(res.status, action).toBe(403);
      }
      expect((await c.fetch('/manage')).status).toBe(403);
      expect((await c.post('/manage/users', { _csrf: token, name: 'mallory', role: 'admin', password: 'long enough password' })).status).toBe(403);
      expect(await findUserByName(s.t.service.db!, 'mallory')).toBeNull();
      expect(await listAudit(s.t.service.db!, reportId)).toEqual([]);
    });

    it('an auditor is refused without the CSRF token, with a wrong one, or from another origin', async () => {
      const c = new Client(s.url);
      await c.login('alice');
      const token = await c.csrf();
      expect((await c.post(`/report/${reportId}/reject`, { note: 'forged' })).status).toBe(403);
      expect((await c.post(`/report/${reportId}/reject`, { _csrf: `${token.slice(0, -2)}xx`, note: 'forged' })).status).toBe(403);
      expect((await c.post(`/report/${reportId}/reject`, { _csrf: token, note: 'forged' }, { origin: 'http://evil.example' })).status).toBe(403);
      // Another session's token does not do either.
      const other = new Client(s.url);
      await other.login('root');
      expect((await c.post(`/report/${reportId}/reject`, { _csrf: await other.csrf(), note: 'forged' })).status).toBe(403);
      expect(await listAudit(s.t.service.db!, reportId)).toEqual([]);
      // Admin pages are for admins.
      expect((await c.fetch('/manage')).status).toBe(403);
      expect((await c.post(`/report/${reportId}/reprocess`, { _csrf: token })).status).toBe(403);
    });

    it('sessions may read the API but not change anything there; bearer tokens work as before', async () => {
      const c = new Client(s.url);
      await c.login('victor');
      expect((await c.fetch('/api/reports')).status).toBe(200);
      expect((await c.fetch(`/api/reports/${reportId}`)).status).toBe(200);
      expect((await c.fetch(`/api/reports/${reportId}/reprocess`, { method: 'POST' })).status).toBe(401);
      expect((await s.t.api('/api/reports')).status).toBe(200);
    });
  });

  describe('queue', () => {
    it('shows the progress of a report still being read, and its status once done', async () => {
      const res = await s.t.upload(await slowPdf(4, 77), 'slow.pdf');
      const { id } = (await res.json()) as { id: number };
      const c = new Client(s.url);
      await c.login('victor');
      const rowOf = (page: string): string => {
        const at = page.indexOf(`data-report="${id}"`);
        return at < 0 ? '' : page.slice(at, page.indexOf('</tr>', at));
      };
      const during = rowOf(await (await c.fetch('/queue')).text());
      expect(during).toMatch(/badge status-(queued|processing)/);
      expect(during).toMatch(new RegExp(`<span class="progress" data-progress-id="${id}"><progress max="\\d+" value="\\d+"></progress> <span class="stage">(queued|ingesting|reading \\d+/4|assembling|storing|unknown)</span>`));
      await s.t.waitFinished([id]);
      const after = rowOf(await (await c.fetch('/queue')).text());
      expect(after).toMatch(/badge status-(passed|flagged)/);
      expect(after).not.toContain('<progress');
    });
  });

  describe('output', () => {
    it('escapes the client-supplied file name everywhere', async () => {
      const c = new Client(s.url);
      await c.login('alice');
      for (const path of ['/queue', `/report/${reportId}`]) {
        const page = await (await c.fetch(path)).text();
        expect(page, path).toContain('&lt;img src=x onerror=alert(1)&gt;&#39;&amp;.pdf');
        expect(page, path).not.toContain('<img src=x');
      }
    });

    it('the page-image route takes page numbers only, within the report', async () => {
      const c = new Client(s.url);
      await c.login('victor');
      const ok = await c.fetch(`/report/${reportId}/page/1`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await ok.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
      for (const path of [`/report/${reportId}/page/0`, `/report/${reportId}/page/2`, `/report/${reportId}/page/..%2F..%2Fdb`, `/report/${reportId}/page/1.png`, '/report/999/page/1']) {
        expect((await c.fetch(path)).status, path).toBe(404);
      }
      expect((await c.fetch('/report/..%2Fetc')).status).toBe(404);
      expect((await c.fetch('/static/..%2F..%2Fsession.ts')).status).toBe(404);
    });
  });

  describe('admin', () => {
    it('adds a user and changes a role through the forms, into the audit trail', async () => {
      const c = new Client(s.url);
      await c.login('root');
      const token = await c.csrf('/manage');
      expect((await c.post('/manage/users', { _csrf: token, name: 'dora', role: 'viewer', password: 'short' })).status).toBe(400);
      expect((await c.post('/manage/users', { _csrf: token, name: 'dora', role: 'viewer', password: 'a long enough password' })).status).toBe(303);
      const dora = await findUserByName(s.t.service.db!, 'dora');
      expect(dora?.role).toBe('viewer');
      expect((await c.post(`/manage/users/${dora!.id}`, { _csrf: token, op: 'role', role: 'auditor' })).status).toBe(303);
      expect((await findUserByName(s.t.service.db!, 'dora'))?.role).toBe('auditor');
      const trail = await listAudit(s.t.service.db!, null);
      expect(trail.slice(0, 2).map((e) => [e.action, e.userName, e.newValue])).toEqual([
        ['user_role', 'root', 'dora: auditor'],
        ['user_add', 'root', 'dora (viewer)'],
      ]);
      const self = await findUserByName(s.t.service.db!, 'root');
      expect((await c.post(`/manage/users/${self!.id}`, { _csrf: token, op: 'role', role: 'viewer' })).status).toBe(409);
    });
    it('starts a bulk re-processing run from the form', async () => {
      const c = new Client(s.url);
      await c.login('root');
      const token = await c.csrf('/manage');
      expect((await c.post('/manage/reprocess', { _csrf: token })).status).toBe(400); // says which reports
      const res = await c.post('/manage/reprocess', { _csrf: token, agency: '没有这个机关' });
      expect(res.status).toBe(303);
      const runs = await listRuns(s.t.service.db!);
      expect(runs[0]).toMatchObject({ trigger: 'ui', filter: { agency: '没有这个机关' }, total: 0 });
      expect((await listAudit(s.t.service.db!, null))[0]).toMatchObject({ action: 'reprocess_bulk', userName: 'root' });
      expect(await (await c.fetch('/manage')).text()).toContain('没有这个机关');
    });
  });

  describe('nianbao user', () => {
    it('is in the CLI help', async () => {
      const out: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
      try {
        expect(await main(['--help'])).toBe(0);
      } finally {
        process.stdout.write = write;
      }
      expect(out.join('')).toMatch(/user add NAME --role admin\|auditor\|viewer/);
    });

    it('adds a user with the password from stdin, also while the server holds the embedded database (taken in at first login)', async () => {
      const postgres = s.t.config.databaseUrl;
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/nianbao.js'), 'user', 'add', 'carol', '--role', 'auditor', '--data-dir', s.t.config.dataDir], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: postgres ?? '' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.end('carols long password\n');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, stderr).toBe(0);
      if (postgres) {
        // PostgreSQL is shared: the user is there at once.
        expect((await findUserByName(s.t.service.db!, 'carol'))?.role).toBe('auditor');
      } else {
        expect(stderr).toMatch(/held by a running nianbao serve/);
        expect(await findUserByName(s.t.service.db!, 'carol')).toBeNull();
      }
      const c = new Client(s.url);
      expect((await c.login('carol', 'carols long password')).status).toBe(303);
      expect((await findUserByName(s.t.service.db!, 'carol'))?.role).toBe('auditor');
      expect((await c.fetch('/queue')).status).toBe(200);
    });

    it('refuses a bad role, a short password, and an existing name', async () => {
      const dataDir = join(s.t.dir, 'other-data');
      await seedPglite(dataDir);
      const err: string[] = [];
      const io = (input: string) => ({ stdin: Readable.from([input]) as unknown as NodeJS.ReadStream, stdout: { write: () => true } as unknown as NodeJS.WritableStream, stderr: { write: (x: string) => (err.push(x), true) } as unknown as NodeJS.WritableStream });
      const saved = process.env.DATABASE_URL;
      delete process.env.DATABASE_URL; // this one on an embedded database of its own
      try {
      expect(await runUser(['add', 'erin', '--role', 'boss', '--data-dir', dataDir], io('x\n'))).toBe(2);
      expect(await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('short\n'))).toBe(2);
      expect(await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('a long enough password\n'))).toBe(0);
      expect(await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('a long enough password\n'))).toBe(1);
      expect(err.join('')).toMatch(/exists already/);
      } finally {
        if (saved !== undefined) process.env.DATABASE_URL = saved;
      }
    });
  });
});
}
