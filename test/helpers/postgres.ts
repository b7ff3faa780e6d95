/**
 * A private PostgreSQL server per test file, the way the service tests start their own
 * redis-server: `initdb` in a temp dir, `postgres` on a free loopback port (TCP only, no
 * socket file), trust authentication, durability switched off (a test cluster is thrown away),
 * stopped and removed after. Stop it, kill it and start it again at will (fault tests).
 *
 * The binaries are Debian's `postgresql` package: on PATH, or /usr/lib/postgresql/<version>/bin
 * (the newest). PostgreSQL refuses to run as root, so under root (CI) the server runs as the
 * `postgres` user (or `nobody`), its directory handed over to that user.
 *
 * With DATABASE_URL set, the tests use that server instead (each in a schema of its own), and
 * only the tests that must stop the server start one of their own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from '../service/helpers/redis.js';

/** The directory holding initdb and postgres, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const has = (dir: string): boolean => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  return null;
}

export const POSTGRES_BIN = findPostgresBin();
export const HAVE_POSTGRES = POSTGRES_BIN !== null;
export const SKIP_POSTGRES =
  'PostgreSQL (initdb, postgres) not found and DATABASE_URL not set: the PostgreSQL tests are skipped (apt-get ' +
  'install postgresql; .ci/run installs it)';

/** Who the server runs as: ourselves, or under root a system user PostgreSQL accepts. */
function runAs(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
    const fields = r.status === 0 ? r.stdout.trim().split(':') : [];
    if (fields.length >= 4) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

export interface TestPostgres {
  /** postgres://nianbao@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Fast shutdown (clients are disconnected), as an operator's stop. */
  stop(): Promise<void>;
  /** SIGKILL of the postmaster: a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

async function waitForConnect(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL at ${url} did not answer within ${timeoutMs} ms: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!POSTGRES_BIN) throw new Error(SKIP_POSTGRES);
  const bin = POSTGRES_BIN;
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LANG: 'C', LC_ALL: 'C', HOME: dir };
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'nianbao', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    {
      ...asUser,
      env,
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const port = await freePort();
  const url = `postgres://nianbao@127.0.0.1:${port}/postgres`;
  let proc: ChildProcess | null = null;
  let log = '';

  const launch = async (): Promise<void> => {
    const args = [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_buffers=16MB',
      '-c',
      'max_connections=100',
    ];
    const p = spawn(join(bin, 'postgres'), args, { ...asUser, env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    proc = p;
    p.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    // Never outlive the test process, even when its afterAll does not run.
    const reap = (): void => {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    };
    process.once('exit', reap);
    p.once('exit', () => process.removeListener('exit', reap));
    try {
      await waitForConnect(url);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${log}`);
    }
  };
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(sig);
    });
    if (sig === 'SIGKILL') {
      // The backends outlive a killed postmaster for a moment; a new one refuses to start until they are gone.
      const pidFile = join(data, 'postmaster.pid');
      for (let i = 0; i < 100 && existsSync(pidFile); i++) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (!pid || !isAlive(pid)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await launch();
  return {
    url,
    port,
    stop: () => signal('SIGINT'),
    kill: () => signal('SIGKILL'),
    start: launch,
    async close() {
      await signal('SIGINT');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The PostgreSQL a test file uses when it does not need to stop it: DATABASE_URL when set, else
 * a server of its own (null when neither is available: the tests skip with SKIP_POSTGRES).
 */
export async function testPostgresUrl(): Promise<{ url: string; close(): Promise<void> } | null> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) return { url: given, close: async () => undefined };
  if (!HAVE_POSTGRES) return null;
  const server = await startPostgres();
  return { url: server.url, close: () => server.close() };
}

/** True when the PostgreSQL tests can run here (a server is given or can be started). */
export const POSTGRES_AVAILABLE = Boolean(process.env.DATABASE_URL?.trim()) || HAVE_POSTGRES;
if (!POSTGRES_AVAILABLE) console.warn(SKIP_POSTGRES);
