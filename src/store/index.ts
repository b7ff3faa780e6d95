/** The store: open the database (PostgreSQL or the embedded PGlite) and bring its schema up to date. */
import { openDatabase, type Db, type OpenDatabaseOptions } from './db.js';
import { migrate } from './migrate.js';

export type { Db, Queryable } from './db.js';

export async function openStore(options: OpenDatabaseOptions): Promise<Db> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
