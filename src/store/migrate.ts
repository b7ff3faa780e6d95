/**
 * A small migration runner: the plain .sql files of ./migrations, applied in name order, each
 * once, each in its own transaction, recorded in schema_migrations. One code path for
 * PostgreSQL and PGlite. Concurrent starts (several workers on one PostgreSQL) serialise on an
 * advisory lock, so a migration never runs twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export interface Migration {
  /** The file name, e.g. 001_service.sql: the order and the record of having run. */
  id: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** An arbitrary constant: the advisory lock that serialises migration runs. */
const MIGRATION_LOCK = 7_364_201;

/** The project's migrations, from src/store/migrations/*.sql. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((id) => ({ id, sql: readFileSync(join(dir, id), 'utf8') }));
}

/** Applies the migrations not yet recorded; returns the ids applied now. */
export async function migrate(db: Db, migrations: readonly Migration[] = loadMigrations()): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (done.rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      return true;
    });
    if (ran) applied.push(m.id);
  }
  return applied;
}
