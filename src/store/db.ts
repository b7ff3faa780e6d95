/**
 * The database behind the service: PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PGlite (Postgres compiled to WASM) in the data dir. Both sit behind one thin adapter, so the
 * store's SQL and the migrations run unchanged on either.
 *
 * PGlite is a single-process database: one process opens its directory at a time. A lock file
 * beside it says who has it open, so a second process gets a plain error instead of a corrupt
 * database (see DatabaseBusyError).
 */
import { existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
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
        'PGlite allows one process at a time: stop that process, run this command inside it (for example via the HTTP API), ' +
        'or set DATABASE_URL to use PostgreSQL, which any number of processes can share.',
    );
    this.name = 'DatabaseBusyError';
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
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  // Fail now, with the server's reason, rather than at the first query.
  const client = await pool.connect();
  client.release();
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    const r = await q.query(sql, toPgParams(params));
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const tx = {
          query: <T>(sql: string, params?: readonly unknown[]) => run<T>(c, sql, params),
          exec: async (sql: string) => {
            await c.query(sql);
          },
        };
        const result = await fn(tx);
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
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

export async function openPglite(dir: string): Promise<Db> {
  const unlock = lockDirectory(dir);
  let db: PGlite;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create(dir);
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
