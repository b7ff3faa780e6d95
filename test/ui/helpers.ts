/** What the review-UI tests share: a service with users, logging in over HTTP, the browser. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser, setUserLanguage, type Role } from '../../src/store/users.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { startRedis, type TestRedis } from '../service/helpers/redis.js';
import {
  pgSchemaUrl,
  startTestService,
  type TestService,
  type TestServiceOptions,
} from '../service/helpers/service.js';
import { POSTGRES_AVAILABLE, SKIP_POSTGRES, testPostgresUrl } from '../helpers/postgres.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_CHROMIUM =
  `${CHROMIUM} not found: the browser tests of the review UI are skipped (apt-get install ` +
  `chromium; .ci/run installs it)`;
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The project's deliberately inconsistent sample (samples/README.md): appeals.total, applications.rowSum and
 * .results break.
 */
export const INCONSISTENT_SAMPLE = join(PROJECT_ROOT, 'samples/hongsibu-justice-2022.pdf');
export const SCREENSHOTS = join(PROJECT_ROOT, 'test/.tmp/screenshots');

export const PASSWORD = 'correct horse battery staple';
export const USERS: Record<string, Role> = { alice: 'auditor', victor: 'viewer', root: 'admin' };

export interface UiService {
  redis: TestRedis;
  t: TestService;
  url: string;
  stop(): Promise<void>;
}

export type Backend = 'PGlite' | 'PostgreSQL';
/** The UI tests run on both databases; on PostgreSQL only where one can be started (or DATABASE_URL is given). */
export const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'PGlite', skip: false },
  { backend: 'PostgreSQL', skip: !POSTGRES_AVAILABLE },
];
export { SKIP_POSTGRES };

/**
 * The service with its own redis-server, on the embedded PGlite or on PostgreSQL (a server of its own, or
 * DATABASE_URL's, in a schema of its own).
 */
/**
 * `language`: the users' language in the review UI. The tests written before the UI spoke
 * Chinese first drive it in English (the users' choice); test/ui/people.test.ts in Chinese.
 */
export async function startUiService(
  backend: Backend,
  options: Partial<TestServiceOptions> & { language?: 'zh' | 'en' } = {},
): Promise<UiService> {
  const redis = await startRedis();
  const server = backend === 'PostgreSQL' ? await testPostgresUrl() : null;
  if (backend === 'PostgreSQL' && !server) throw new Error(SKIP_POSTGRES);
  const schema = server ? await pgSchemaUrl(server.url) : null;
  const { language = 'en', ...serviceOptions } = options;
  const t = await startTestService({ redisUrl: redis.url, databaseUrl: schema?.url ?? null, ...serviceOptions });
  for (const [name, role] of Object.entries(USERS)) {
    const user = await createUser(t.service.db!, { name, role, password: PASSWORD });
    await setUserLanguage(t.service.db!, user.id, language);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    redis,
    t,
    url: t.service.url!,
    async stop() {
      await t.stop();
      await redis.stop();
      await schema?.drop();
      await server?.close();
    },
  };
}

/** A tiny cookie jar for fetch (redirects not followed, so every Set-Cookie is seen). */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), value);
    }
    return res;
  }

  /** POST a form (urlencoded). */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  async login(name: string, password = PASSWORD): Promise<Response> {
    const page = await (await this.fetch('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    return this.post('/login', { _csrf: token, name, password, next: '/queue' });
  }

  /** The session's CSRF token, as a page's forms carry it. */
  async csrf(path = '/queue'): Promise<string> {
    const page = await (await this.fetch(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(page);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
