/**
 * The database behind the service: PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PGlite (Postgres compiled to WASM) in the data dir. Both sit behind one thin adapter, so the
 * store's SQL and the migrations run unchanged on either.
 *
 * PGlite is a single-process database: one process opens its directory at a time. A lock file
 * beside it says who has it open, so a second process gets a plain error instead of a corrupt
 * database (see DatabaseBusyError).
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted (0 for a SELECT on PGlite). */
  rowCount: number;
}

/** What the store needs of a database connection: parameterised SQL ($1, $2, …). */
export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… ; null for the embedded PGlite. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files (<dataDir>/db). */
  dataDir: string;
}

/** Another live process has the embedded database open. */
export class DatabaseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(
      `the embedded database in ${dir} is in use by another nianbao process (${holder}). ` +
        'PGlite allows one process at a time: stop that process, run this command inside it (for example via the ' +
        'HTTP API), ' +
        'or set DATABASE_URL to use PostgreSQL, which any number of processes can share.',
    );
    this.name = 'DatabaseBusyError';
  }
}

/**
 * The database cannot be reached right now (PostgreSQL stopped, restarting, the network away).
 * Not a fault of the work at hand: callers wait and try again (jobs do not count it as an
 * attempt) or answer 503.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the database is not reachable right now', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * True for a connection fault: a socket error, the server going away, or a server state that
 * refuses work for now (SQLSTATE class 08 connection exception, 57P01–57P03 shutting down or
 * starting up, 53300 too many connections).
 */
export function isConnectionFault(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (CONNECTION_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code))
  )
    return true;
  if (err instanceof AggregateError && err.errors.some(isConnectionFault)) return true;
  return CONNECTION_MESSAGES.test(err.message);
}

/** Runs a database call; a connection fault becomes a DatabaseUnavailableError. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw isConnectionFault(err) ? new DatabaseUnavailableError(err) : err;
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(join(options.dataDir, 'db'));
}

// --- PostgreSQL -------------------------------------------------------------------------------

/** node-postgres turns JS arrays into Postgres arrays and objects into JSON; we pass both as given. */
function toPgParams(params: readonly unknown[] | undefined): unknown[] {
  return params ? [...params] : [];
}

export async function openPostgres(url: string): Promise<Db> {
  // A bounded connect: while the server is unreachable, calls fail within seconds instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  // Fail now, with the server's reason, rather than at the first query.
  const client = await pool.connect();
  client.release();
  const run = (q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    guarded(async () => {
      const r = await q.query(sql, toPgParams(params));
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    });
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => (await run(pool, sql, params)) as QueryResult<T>,
    exec: async (sql) => {
      await guarded(() => pool.query(sql));
    },
    async transaction(fn) {
      const c = await guarded(() => pool.connect());
      // A checked-out client has no pool listener: a server gone mid-transaction would emit an
      // unhandled 'error' and crash the process. The query in flight fails with it anyway.
      const ignore = (): void => undefined;
      c.on('error', ignore);
      try {
        await guarded(() => c.query('BEGIN'));
        const tx = {
          query: async <T>(sql: string, params?: readonly unknown[]) => (await run(c, sql, params)) as QueryResult<T>,
          exec: async (sql: string) => {
            await guarded(() => c.query(sql));
          },
        };
        const result = await fn(tx);
        await guarded(() => c.query('COMMIT'));
        c.removeListener('error', ignore);
        c.release();
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        // A client whose connection broke must not go back into the pool (the pool also drops one that is not
        // queryable).
        c.removeListener('error', ignore);
        c.release(isConnectionFault(err) ? (err as Error) : undefined);
        throw err;
      }
    },
    close: () => pool.end(),
  };
}

// --- PGlite -----------------------------------------------------------------------------------

interface LockHolder {
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes <dir>/nianbao.lock, or throws DatabaseBusyError when a live process holds it. */
export function lockDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'nianbao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockHolder));
      closeSync(fd);
      return () => {
        try {
          const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
          if (holder.pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockHolder | null = null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
      } catch {
        holder = null; // half-written or unreadable: treat as stale
      }
      if (holder && holder.host === hostname() && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DatabaseBusyError(dir, `pid ${holder.pid}`);
      }
      if (holder && holder.host !== hostname()) throw new DatabaseBusyError(dir, `pid ${holder.pid} on ${holder.host}`);
      // Stale lock of a process that died: take it over.
      if (existsSync(path)) unlinkSync(path);
    }
  }
  throw new DatabaseBusyError(dir, 'unknown');
}

/** Files 0600 and folders 0700 under `dir` (symlinks left alone). */
function ownerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

export async function openPglite(dir: string): Promise<Db> {
  const unlock = lockDirectory(dir);
  let db: PGlite;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create(dir);
    // PGlite writes its initial cluster with explicit modes (0666/0755), whatever the umask: ours alone.
    ownerOnly(dir);
  } catch (err) {
    unlock();
    throw err;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>) => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params ? [...params] : []);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  const top = wrap(db);
  let closed = false;
  return {
    kind: 'pglite',
    query: top.query,
    exec: top.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
