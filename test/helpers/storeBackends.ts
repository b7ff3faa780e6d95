/**
 * The store's two backends for tests: the embedded PGlite always (a seeded copy in a temp
 * directory), and PostgreSQL: DATABASE_URL when set, else a server the test starts itself (a
 * schema of its own, dropped after; skipped with a message only where neither can be had).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/index.js';
import { pgSchemaUrl, seedPglite } from '../service/helpers/service.js';
import { POSTGRES_AVAILABLE, testPostgresUrl } from './postgres.js';

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
    enabled: POSTGRES_AVAILABLE,
    open: async () => {
      const server = await testPostgresUrl();
      if (!server) throw new Error('no PostgreSQL: set DATABASE_URL or install Debian’s postgresql');
      const schema = await pgSchemaUrl(server.url);
      const db = await openStore({ databaseUrl: schema.url, dataDir: '/nonexistent' });
      return {
        db,
        cleanup: async () => {
          await schema.drop();
          await server.close();
        },
      };
    },
  },
];
