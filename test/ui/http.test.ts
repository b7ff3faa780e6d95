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
import { createToken } from '../../src/store/tokens.js';
import { createUser, findUserByName, hashPassword } from '../../src/store/users.js';
import PDFDocument from 'pdfkit';
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
      // A proxy on loopback: X-Forwarded-For says the client's address (the login limits are per address).
      s = await startUiService(backend, { env: { NIANBAO_TRUST_PROXY: '127.0.0.1' } });
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
        for (const path of [
          '/',
          '/queue',
          `/report/${reportId}`,
          `/report/${reportId}/page/1`,
          '/export.csv',
          '/export.xlsx',
          '/manage',
        ]) {
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
        const res = await c.post('/login', {
          _csrf: token,
          name: 'alice',
          password: PASSWORD,
          next: '//evil.example/x',
        });
        expect(res.headers.get('location')).toBe('/queue');
      });

      it(
        'is rate-limited per name after five failures (429 with ' + 'Retry-After), for the right password too',
        async () => {
          await createUser(s.t.service.db!, { name: 'rita', role: 'viewer', password: PASSWORD });
          const c = new Client(s.url);
          for (let i = 0; i < 5; i++) expect((await c.login('rita', `wrong password ${i}`)).status).toBe(401);
          const blocked = await c.login('rita', PASSWORD);
          expect(blocked.status).toBe(429);
          expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
          // Another name from the same address is not blocked.
          expect((await new Client(s.url).login('victor')).status).toBe(303);
        },
      );

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
        await s.t.service.db!.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
          user!.id,
        ]);
        expect((await c.fetch('/queue')).status).toBe(303);
      });
    });

    describe('roles and CSRF on every action', () => {
      it(
        'a viewer reads but cannot act: no forms on the page, and the ' + 'POST is refused 403 even with a valid token',
        async () => {
          const c = new Client(s.url);
          await c.login('victor');
          const page = await (await c.fetch(`/report/${reportId}`)).text();
          expect(page).not.toMatch(/action="\/report\/\d+\/(correct|confirm|approve|reject|reprocess)"/);
          const token = await c.csrf();
          for (const action of [
            'correct',
            'confirm-cell',
            'confirm',
            'approve',
            'reject',
            'reopen',
            'conflict',
            'reprocess',
          ]) {
            const res = await c.post(`/report/${reportId}/${action}`, {
              _csrf: token,
              cell: 'appeals.review.total',
              value: '4',
              reason: 'ocr-misread',
              note: 'x',
            });
            expect(res.status, action).toBe(403);
          }
          expect((await c.fetch('/manage')).status).toBe(403);
          expect(
            (
              await c.post('/manage/users', {
                _csrf: token,
                name: 'mallory',
                role: 'admin',
                password: 'long enough password',
              })
            ).status,
          ).toBe(403);
          expect(await findUserByName(s.t.service.db!, 'mallory')).toBeNull();
          expect(await listAudit(s.t.service.db!, reportId)).toEqual([]);
        },
      );

      it('an auditor is refused without the CSRF token, with a wrong one, or from another origin', async () => {
        const c = new Client(s.url);
        await c.login('alice');
        const token = await c.csrf();
        expect((await c.post(`/report/${reportId}/reject`, { note: 'forged' })).status).toBe(403);
        expect(
          (await c.post(`/report/${reportId}/reject`, { _csrf: `${token.slice(0, -2)}xx`, note: 'forged' })).status,
        ).toBe(403);
        expect(
          (
            await c.post(
              `/report/${reportId}/reject`,
              { _csrf: token, note: 'forged' },
              { origin: 'http://evil.example' },
            )
          ).status,
        ).toBe(403);
        // Another session's token does not do either.
        const other = new Client(s.url);
        await other.login('root');
        expect((await c.post(`/report/${reportId}/reject`, { _csrf: await other.csrf(), note: 'forged' })).status).toBe(
          403,
        );
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
        expect(during).toMatch(
          new RegExp(
            `<span class="progress" data-progress-id="${id}"><progress max="\\d+" value="\\d+"></progress> <span ` +
              `class="stage">(queued|ingesting|reading \\d+/4|assembling|storing|unknown)</span>`,
          ),
        );
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
        expect(
          Buffer.from(await ok.arrayBuffer())
            .subarray(1, 4)
            .toString(),
        ).toBe('PNG');
        for (const path of [
          `/report/${reportId}/page/0`,
          `/report/${reportId}/page/2`,
          `/report/${reportId}/page/..%2F..%2Fdb`,
          `/report/${reportId}/page/1.png`,
          '/report/999/page/1',
        ]) {
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
        expect(
          (await c.post('/manage/users', { _csrf: token, name: 'dora', role: 'viewer', password: 'short' })).status,
        ).toBe(400);
        expect(
          (
            await c.post('/manage/users', {
              _csrf: token,
              name: 'dora',
              role: 'viewer',
              password: 'a long enough password',
            })
          ).status,
        ).toBe(303);
        const dora = await findUserByName(s.t.service.db!, 'dora');
        expect(dora?.role).toBe('viewer');
        expect((await c.post(`/manage/users/${dora!.id}`, { _csrf: token, op: 'role', role: 'auditor' })).status).toBe(
          303,
        );
        expect((await findUserByName(s.t.service.db!, 'dora'))?.role).toBe('auditor');
        const trail = await listAudit(s.t.service.db!, null);
        expect(trail.slice(0, 2).map((e) => [e.action, e.userName, e.newValue])).toEqual([
          ['user_role', 'root', 'dora: auditor'],
          ['user_add', 'root', 'dora (viewer)'],
        ]);
        const self = await findUserByName(s.t.service.db!, 'root');
        expect((await c.post(`/manage/users/${self!.id}`, { _csrf: token, op: 'role', role: 'viewer' })).status).toBe(
          409,
        );
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
        expect((await listAudit(s.t.service.db!, null))[0]).toMatchObject({
          action: 'reprocess_bulk',
          userName: 'root',
        });
        expect(await (await c.fetch('/manage')).text()).toContain('没有这个机关');
      });
    });

    describe('nianbao user', () => {
      it('is in the CLI help', async () => {
        const out: string[] = [];
        const write = process.stdout.write.bind(process.stdout);
        process.stdout.write = ((chunk: string) => {
          out.push(String(chunk));
          return true;
        }) as typeof process.stdout.write;
        try {
          expect(await main(['--help'])).toBe(0);
        } finally {
          process.stdout.write = write;
        }
        expect(out.join('')).toMatch(/user add NAME --role admin\|auditor\|viewer/);
      });

      it(
        'adds a user with the password from stdin, also while the server holds the embedded database (taken in at ' +
          'first login)',
        async () => {
          const postgres = s.t.config.databaseUrl;
          const child = spawn(
            process.execPath,
            [
              join(PROJECT_ROOT, 'bin/nianbao.js'),
              'user',
              'add',
              'carol',
              '--role',
              'auditor',
              '--data-dir',
              s.t.config.dataDir,
            ],
            {
              stdio: ['pipe', 'pipe', 'pipe'],
              env: { ...process.env, DATABASE_URL: postgres ?? '' },
            },
          );
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
        },
      );

      it('refuses a bad role, a short password, and an existing name', async () => {
        const dataDir = join(s.t.dir, 'other-data');
        await seedPglite(dataDir);
        const err: string[] = [];
        const io = (input: string) => ({
          stdin: Readable.from([input]) as unknown as NodeJS.ReadStream,
          stdout: { write: () => true } as unknown as NodeJS.WritableStream,
          stderr: {
            write: (x: string) => {
              err.push(x);
              return true;
            },
          } as unknown as NodeJS.WritableStream,
        });
        const saved = process.env.DATABASE_URL;
        delete process.env.DATABASE_URL; // this one on an embedded database of its own
        try {
          expect(await runUser(['add', 'erin', '--role', 'boss', '--data-dir', dataDir], io('x\n'))).toBe(2);
          expect(await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('short\n'))).toBe(2);
          expect(
            await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('a long enough password\n')),
          ).toBe(0);
          expect(
            await runUser(['add', 'erin', '--role', 'viewer', '--data-dir', dataDir], io('a long enough password\n')),
          ).toBe(1);
          expect(err.join('')).toMatch(/exists already/);
        } finally {
          if (saved !== undefined) process.env.DATABASE_URL = saved;
        }
      });
    });

    describe('holes found by probing (issue 11)', () => {
      /** A client whose requests come through the proxy from `ip`. */
      const from = (ip: string): Client => {
        const c = new Client(s.url);
        const plain = c.fetch.bind(c);
        c.fetch = (path, init = {}) =>
          plain(path, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': ip } });
        return c;
      };

      it(
        'counts a login attempt before the hash: a parallel burst ' + 'of wrong passwords is refused past the limit',
        async () => {
          await createUser(s.t.service.db!, { name: 'paula', role: 'viewer', password: PASSWORD });
          const c = from('10.0.0.1');
          const page = await (await c.fetch('/login')).text();
          const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
          const statuses = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              c
                .post('/login', { _csrf: token, name: 'paula', password: `wrong password ${i}`, next: '/queue' })
                .then((r) => r.status),
            ),
          );
          expect(statuses.filter((x) => x === 401)).toHaveLength(5);
          expect(statuses.filter((x) => x === 429)).toHaveLength(25);
          // The name is not locked out from elsewhere: its owner logs in from another address.
          expect((await from('10.0.0.2').login('paula')).status).toBe(303);
          expect((await from('10.0.0.1').login('paula')).status).toBe(429);
        },
      );

      it('sends the session cookie once, and re-hashes a weaker password hash at login', async () => {
        const user = await createUser(s.t.service.db!, { name: 'olga', role: 'viewer', password: PASSWORD });
        const stored = async (): Promise<string> =>
          (
            await s.t.service.db!.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
              user.id,
            ])
          ).rows[0]!.password_hash;
        expect(await stored()).toMatch(/^scrypt\$17\$8\$1\$/);
        await s.t.service.db!.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
          user.id,
          await hashPassword(PASSWORD, { logN: 15, r: 8, p: 1 }),
        ]);
        const res = await from('10.0.1.1').login('olga');
        expect(res.status).toBe(303);
        expect(res.headers.getSetCookie().filter((c) => c.startsWith('nianbao_session='))).toHaveLength(1);
        expect(await stored()).toMatch(/^scrypt\$17\$8\$1\$/);
        expect((await from('10.0.1.2').login('olga')).status).toBe(303); // the new hash is the same password
      });

      it('an admin revokes an API token in /manage: it stops at once, into the audit trail', async () => {
        const { id, token } = await createToken(s.t.service.db!, 'in-manage');
        const use = (): Promise<Response> =>
          fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } });
        expect((await use()).status).toBe(200);
        const c = from('10.0.2.1');
        await c.login('root');
        const page = await (await c.fetch('/manage')).text();
        expect(page).toContain(`action="/manage/tokens/${id}/revoke"`);
        const csrf = await c.csrf('/manage');
        expect((await c.post(`/manage/tokens/${id}/revoke`, { _csrf: csrf })).status).toBe(303);
        expect((await use()).status).toBe(401);
        expect((await listAudit(s.t.service.db!, null))[0]).toMatchObject({
          action: 'token_revoke',
          userName: 'root',
          newValue: `token ${id}`,
        });
        expect((await from('10.0.2.2').login('victor')).status).toBe(303);
        const viewer = from('10.0.2.2');
        await viewer.login('victor');
        expect((await viewer.post(`/manage/tokens/${id}/revoke`, { _csrf: await viewer.csrf() })).status).toBe(403);
      });

      it('`nianbao user disable` while the server runs ends the user’s sessions at once', async () => {
        await createUser(s.t.service.db!, { name: 'dave', role: 'auditor', password: PASSWORD });
        const c = from('10.0.3.1');
        expect((await c.login('dave')).status).toBe(303);
        expect((await c.fetch('/queue')).status).toBe(200);
        const child = spawn(
          process.execPath,
          [join(PROJECT_ROOT, 'bin/nianbao.js'), 'user', 'disable', 'dave', '--data-dir', s.t.config.dataDir],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, DATABASE_URL: s.t.config.databaseUrl ?? '', NIANBAO_LOG_LEVEL: 'warn' },
          },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        expect(await new Promise<number | null>((r) => child.on('exit', r)), out).toBe(0);
        expect(out).toMatch(/dave disabled/);
        expect((await c.fetch('/queue')).status).toBe(303);
        expect((await from('10.0.3.2').login('dave')).status).toBe(401);
      }, 60_000);

      it('renders a huge page within the pixel cap', async () => {
        const pdf = await new Promise<Buffer>((resolve, reject) => {
          const doc = new PDFDocument({ size: [4000, 4000], info: { CreationDate: new Date(0) } });
          const chunks: Buffer[] = [];
          doc.on('data', (d: Buffer) => chunks.push(d));
          doc.on('end', () => resolve(Buffer.concat(chunks)));
          doc.on('error', reject);
          doc.fontSize(200).text(`a page of 4000 × 4000 points (${backend})`, 100, 100);
          doc.end();
        });
        const id = ((await (await s.t.upload(pdf, 'huge.pdf')).json()) as { id: number }).id;
        await s.t.waitFinished([id]);
        const c = from('10.0.4.1');
        await c.login('victor');
        const res = await c.fetch(`/report/${id}/page/1`);
        expect(res.status).toBe(200);
        const png = Buffer.from(await res.arrayBuffer());
        const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
        expect(width * height).toBeLessThanOrEqual(2 ** 24);
        expect(width).toBe(height);
        expect(width).toBeGreaterThan(4000); // scaled down to the cap, not further
      }, 60_000);

      it('answers a malformed session cookie and huge ids without a 500', async () => {
        const bad = new Client(s.url);
        bad.cookies.set('nianbao_session', '%E0%A4%A');
        expect((await bad.fetch('/queue')).status).toBe(303);
        const c = from('10.0.5.1');
        await c.login('victor');
        for (const path of [
          '/report/99999999999',
          '/report/99999999999/page/1',
          '/queue?year=99999999999',
          '/export.csv?year=99999999999',
        ]) {
          const res = await c.fetch(path);
          expect([200, 400, 404], path).toContain(res.status);
          expect(await res.text(), path).not.toMatch(/out of range|integer/);
        }
      });
    });
  });
}
