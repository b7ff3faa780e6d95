/** An in-process service (serve roles unless told otherwise) in a temp data dir, with a token and a fetch helper. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { openPglite } from '../../../src/store/db.js';
import { loadMigrations, migrate } from '../../../src/store/migrate.js';
import { createToken } from '../../../src/store/tokens.js';
import { loadConfig, type ServiceConfig } from '../../../src/service/config.js';
import { serveRoles, startService, type Service, type ServiceRoles } from '../../../src/cli/service.js';
import { getReport, type Report } from '../../../src/store/reports.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';

const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Short timings so the tests see recovery within seconds. */
export const TEST_ENV = {
  NIANBAO_WATCH_STABLE_MS: '500',
  NIANBAO_WATCH_GRACE_S: '5',
  NIANBAO_SETTLE_MS: '150',
  NIANBAO_LOCK_DURATION_MS: '3000',
  NIANBAO_STALLED_INTERVAL_MS: '1000',
  NIANBAO_MAX_STALLED: '3',
  NIANBAO_BACKOFF_MS: '200',
  NIANBAO_RECONCILE_MS: '1000',
  NIANBAO_CONCURRENCY: '2',
  NIANBAO_PORT: '0',
};

export function testLogger(name = 'test'): Logger {
  return pino({ name, level: process.env.NIANBAO_TEST_LOG_LEVEL ?? 'silent' });
}

/** A logger that keeps every line (parsed), for tests that assert what was logged. */
export function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}

export interface TestService {
  service: Service;
  config: ServiceConfig;
  dir: string;
  token: string;
  /** fetch against the API with the token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  upload(data: Buffer | Uint8Array, fileName: string): Promise<Response>;
  /** Waits until every given report is passed, flagged or failed; returns them. */
  waitFinished(ids: readonly number[], timeoutMs?: number): Promise<Report[]>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  redisUrl: string;
  databaseUrl?: string | null;
  env?: Record<string, string>;
  overrides?: Partial<ServiceConfig>;
  roles?: (c: ServiceConfig) => ServiceRoles;
  watch?: boolean;
  dir?: string;
  log?: Logger;
}

/**
 * A migrated, closed PGlite data dir made once per machine and copied for each test service:
 * creating a PGlite cluster (initdb) costs seconds, copying one costs milliseconds.
 */
async function pgliteTemplate(): Promise<string> {
  const migrations = loadMigrations();
  const key = createHash('sha256').update(JSON.stringify(migrations)).update(PGLITE_VERSION).digest('hex').slice(0, 16);
  const template = join(tmpdir(), `nianbao-pglite-template-${key}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = await mkdtemp(join(tmpdir(), 'nianbao-pglite-build-'));
  const db = await openPglite(join(building, 'db'));
  await migrate(db, migrations);
  await db.close();
  try {
    await rename(join(building, 'db'), template);
  } catch {
    // another test file made it first
  }
  await rm(building, { recursive: true, force: true });
  return template;
}

/** Puts a fresh, migrated PGlite database into <dataDir>/db (unless one is there). */
export async function seedPglite(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'db'))) return;
  await mkdir(dataDir, { recursive: true });
  await cp(await pgliteTemplate(), join(dataDir, 'db'), { recursive: true });
}

export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'nianbao-svc-')));
  if (!options.databaseUrl) await seedPglite(join(dir, 'data'));
  const config = loadConfig(
    {
      ...TEST_ENV,
      ...options.env,
      REDIS_URL: options.redisUrl,
      NIANBAO_DATA_DIR: join(dir, 'data'),
      ...(options.watch ? { NIANBAO_WATCH_DIR: join(dir, 'watch') } : {}),
    },
    { databaseUrl: options.databaseUrl ?? null, ...options.overrides },
  );
  const service = await startService(config, (options.roles ?? serveRoles)(config), options.log ?? testLogger());
  const token = service.db ? (await createToken(service.db, 'test')).token : '';
  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await api(path, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const upload = (data: Buffer | Uint8Array, fileName: string): Promise<Response> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type: 'application/pdf' }), fileName);
    return api('/api/reports', { method: 'POST', body: form });
  };
  const waitFinished = async (ids: readonly number[], timeoutMs = 60_000): Promise<Report[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reports = await Promise.all(ids.map((id) => getReport(service.db!, id)));
      if (reports.every((r) => r && ['passed', 'flagged', 'failed'].includes(r.status))) return reports as Report[];
      if (Date.now() > deadline) {
        const open = reports
          .filter((r) => !r || !['passed', 'flagged', 'failed'].includes(r.status))
          .map((r) => `${r?.id}:${r?.status}`);
        throw new Error(`reports not finished after ${timeoutMs} ms: ${open.slice(0, 20).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    service,
    config,
    dir,
    token,
    api,
    json,
    upload,
    waitFinished,
    async stop() {
      await service.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema in DATABASE_URL's database, as a connection URL whose search_path is that schema. */
export async function pgSchemaUrl(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `nianbao_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
