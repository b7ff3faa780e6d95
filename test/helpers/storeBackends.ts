/**
 * The store's two backends for tests: the embedded PGlite always (a seeded copy in a temp
 * directory), PostgreSQL too when DATABASE_URL is set (a schema of its own, dropped after).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/index.js';
import { pgSchemaUrl, seedPglite } from '../service/helpers/service.js';

export interface StoreBackend {
  name: string;
  enabled: boolean;
  open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>;
}

export const STORE_BACKENDS: readonly StoreBackend[] = [
  {
    name: 'PGlite',
    enabled: true,
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'nianbao-store-'));
      await seedPglite(dir);
      const db = await openStore({ databaseUrl: null, dataDir: dir });
      return { db, cleanup: async () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    enabled: Boolean(process.env.DATABASE_URL),
    open: async () => {
      const schema = await pgSchemaUrl(process.env.DATABASE_URL!);
      const db = await openStore({ databaseUrl: schema.url, dataDir: '/nonexistent' });
      return { db, cleanup: () => schema.drop() };
    },
  },
];
