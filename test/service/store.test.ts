/**
 * The store on its own: migrations, reports and versions, runs, tokens, bulk selection, and the
 * archive stages (validate with last year's record; re-validate next year's when last year's
 * arrives later). On the embedded PGlite and on PostgreSQL (a server of its own, or DATABASE_URL's).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revalidateRecord } from '../../src/validate/index.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { DatabaseBusyError, openPglite, type Db } from '../../src/store/db.js';
import { cleanFileName, resolveStoredPath, storedPathOf } from '../../src/store/files.js';
import { openStore } from '../../src/store/index.js';
import { migrate } from '../../src/store/migrate.js';
import { compareVersions, createRun, getRun, selectReports } from '../../src/store/reprocess.js';
import {
  createReport,
  getReport,
  getVersion,
  listReports,
  listVersions,
  markFailed,
  markProcessing,
  requestRun,
  saveVersion,
} from '../../src/store/reports.js';
import {
  createPendingToken,
  createToken,
  hashToken,
  importPendingTokens,
  revokeToken,
  verifyToken,
} from '../../src/store/tokens.js';
import { validateWithArchive } from '../../src/service/archive.js';
import { storeRecord } from '../../src/workers/stages.js';
import { POSTGRES_AVAILABLE, testPostgresUrl } from '../helpers/postgres.js';
import { textCell } from '../helpers/seriesReports.js';
import { pgSchemaUrl, seedPglite } from './helpers/service.js';

const sha = (n: number): string => n.toString(16).padStart(64, '0');

/** A hand-made era-2021 record with the archive cells, validated as the pipeline would. */
function record(agency: string, year: number, cells: Record<string, number>, file = `${year}.pdf`): ReportRecord {
  const base: ReportRecord = {
    schemaVersion: 1,
    source: { file, sha256: sha(year), pages: 1, textLayer: 'full' },
    meta: { agency, year, era: '2021', publishedOn: null },
    sections: [],
    cells: Object.fromEntries(Object.entries(cells).map(([id, v]) => [id, textCell(v)])),
    validation: { status: 'passed', issues: [] },
    extractor: { version: '0.1.0' },
  };
  return revalidateRecord(base, { text: '' });
}

const rulesOf = (r: ReportRecord): string[] => r.validation.issues.map((i) => i.rule);

const backends: { name: string; enabled: boolean; open: () => Promise<{ db: Db; cleanup: () => Promise<void> }> }[] = [
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
      const server = (await testPostgresUrl())!;
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

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`store on ${backend.name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('runs each migration once', async () => {
      expect(await migrate(db)).toEqual([]);
      const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations');
      expect(applied.rows.map((r) => r.id)).toContain('001_service.sql');
    });

    it('keeps one report per sha256', async () => {
      const input = {
        sha256: sha(1),
        fileName: 'a.pdf',
        filePath: storedPathOf(sha(1)),
        sizeBytes: 10,
        source: 'api' as const,
      };
      const first = await createReport(db, input);
      const second = await createReport(db, { ...input, fileName: 'copy of a.pdf', source: 'watch' });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.report.id).toBe(first.report.id);
      expect(second.report.fileName).toBe('a.pdf');
    });

    it('keeps every run as a version, and a superseded run cannot overwrite the latest', async () => {
      const { report } = await createReport(db, {
        sha256: sha(2),
        fileName: 'b.pdf',
        filePath: storedPathOf(sha(2)),
        sizeBytes: 10,
        source: 'api',
      });
      expect(await requestRun(db, report.id)).toBeNull(); // queued: already in progress
      expect(await markProcessing(db, report.id, 1)).toBe(true);
      const r1 = record('某县人民政府', 2019, {});
      const first = await saveVersion(db, { reportId: report.id, run: 1, record: r1, text: 'one' });
      expect(first.current).toBe(true);
      expect((await saveVersion(db, { reportId: report.id, run: 1, record: r1, text: 'one' })).versionId).toBe(
        first.versionId,
      ); // idempotent
      expect(await requestRun(db, report.id)).toBe(2);
      // run 1 finishing late (or again) does not touch the report row any more
      expect((await saveVersion(db, { reportId: report.id, run: 1, record: r1, text: 'late' })).current).toBe(false);
      expect(await markFailed(db, report.id, 1, 'late failure', '0.1.0')).toBe(false);
      const second = await saveVersion(db, {
        reportId: report.id,
        run: 2,
        record: { ...r1, extractor: { version: '0.2.0' } },
        text: 'two',
      });
      expect(second.current).toBe(true);
      const stored = await getReport(db, report.id);
      expect(stored).toMatchObject({
        run: 2,
        currentVersionId: second.versionId,
        extractorVersion: '0.2.0',
        year: 2019,
        agency: '某县人民政府',
      });
      expect((await listVersions(db, report.id)).map((v) => [v.run, v.extractorVersion])).toEqual([
        [1, '0.1.0'],
        [2, '0.2.0'],
      ]);
      const version = await getVersion(db, second.versionId);
      expect(version?.text).toBe('two');
      // the record comes back exactly as written, key order included
      expect(JSON.stringify(version?.record)).toBe(JSON.stringify({ ...r1, extractor: { version: '0.2.0' } }));
    });

    it('filters the list by status, year, agency and rule', async () => {
      const all = await listReports(db, {});
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect((await listReports(db, { year: 2019 })).map((r) => r.fileName)).toEqual(['b.pdf']);
      expect((await listReports(db, { agency: '某县' })).map((r) => r.fileName)).toEqual(['b.pdf']);
      expect((await listReports(db, { status: 'queued' })).map((r) => r.fileName)).toEqual(['a.pdf']);
      const b = (await listReports(db, { year: 2019 }))[0]!;
      for (const rule of b.rules) expect((await listReports(db, { rule })).map((r) => r.id)).toContain(b.id);
      expect(await listReports(db, { rule: 'no.such.rule' })).toEqual([]);
    });

    it('stores tokens hashed; revoked tokens stop working', async () => {
      const { id, token } = await createToken(db, 'ci');
      const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
      expect(stored.rows[0]!.token_hash).toBe(hashToken(token));
      expect(stored.rows[0]!.token_hash).not.toContain(token);
      expect(await verifyToken(db, token)).toMatchObject({ id, name: 'ci' });
      expect(await verifyToken(db, `${token.slice(0, -1)}x`)).toBeNull();
      expect(await revokeToken(db, id)).toBe(true);
      expect(await verifyToken(db, token)).toBeNull();
    });

    it('selects reports for bulk re-processing by year, agency and extractor version', async () => {
      const ids = await selectReports(db, { extractorOlderThan: '0.2.0' });
      const b = (await listReports(db, { year: 2019 }))[0]!;
      expect(ids).not.toContain(b.id); // made by 0.2.0
      expect(await selectReports(db, { extractorOlderThan: '0.10.0' })).toContain(b.id);
      expect(await selectReports(db, { year: 2019 })).toEqual([b.id]);
      const { runId, created } = await createRun(db, {
        requestId: 'req-1',
        trigger: 'cli',
        filter: { year: 2019 },
        reportIds: [b.id],
        requestedBy: 'cli:test',
      });
      expect(created).toBe(true);
      expect(
        (
          await createRun(db, {
            requestId: 'req-1',
            trigger: 'cli',
            filter: { year: 2019 },
            reportIds: [b.id],
            requestedBy: 'cli:test',
          })
        ).runId,
      ).toBe(runId);
      expect(await getRun(db, runId)).toMatchObject({ total: 1, items: { pending: 1 }, finished: false });
    });

    it('runs the archive rules when last year is stored first', async () => {
      const prev = await createReport(db, {
        sha256: sha(2022),
        fileName: 'p.pdf',
        filePath: storedPathOf(sha(2022)),
        sizeBytes: 1,
        source: 'api',
      });
      await storeRecord(db, {
        reportId: prev.report.id,
        run: 1,
        record: record('淮安市测试县人民政府', 2022, { 'applications.carriedForward.total': 7 }),
        text: '',
        reprocessRunId: null,
      });
      const cur = await createReport(db, {
        sha256: sha(2023),
        fileName: 'c.pdf',
        filePath: storedPathOf(sha(2023)),
        sizeBytes: 1,
        source: 'api',
      });
      const assembled = { record: record('测试县人民政府', 2023, { 'applications.carriedOver.total': 5 }), text: '' };
      expect(rulesOf(assembled.record)).not.toContain('archive.carryOver');
      const validated = await validateWithArchive(db, cur.report.id, assembled);
      expect(rulesOf(validated)).toContain('archive.carryOver');
    });

    it('re-runs the archive rules on next year’s stored report when last year arrives later', async () => {
      const cur = await createReport(db, {
        sha256: sha(3023),
        fileName: 'c2.pdf',
        filePath: storedPathOf(sha(3023)),
        sizeBytes: 1,
        source: 'api',
      });
      const current = record('另一县人民政府', 2023, { 'applications.carriedOver.total': 5 });
      const { versionId } = await storeRecord(db, {
        reportId: cur.report.id,
        run: 1,
        record: current,
        text: '',
        reprocessRunId: null,
      });
      expect((await getReport(db, cur.report.id))!.rules).not.toContain('archive.carryOver');
      const prev = await createReport(db, {
        sha256: sha(3022),
        fileName: 'p2.pdf',
        filePath: storedPathOf(sha(3022)),
        sizeBytes: 1,
        source: 'watch',
      });
      await storeRecord(db, {
        reportId: prev.report.id,
        run: 1,
        record: record('另一县人民政府', 2022, { 'applications.carriedForward.total': 9 }),
        text: '',
        reprocessRunId: null,
      });
      const after = await getVersion(db, versionId);
      expect(rulesOf(after!.record)).toContain('archive.carryOver');
      expect(after!.revalidatedAt).not.toBeNull();
      expect((await getReport(db, cur.report.id))!.rules).toContain('archive.carryOver');
    });
  });
}

describe('embedded database and files', () => {
  it('refuses a second process-local open of the same PGlite directory with a clear reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-lock-'));
    // A live process that is not us holds the lock: our parent (vitest) will do.
    const { writeFile, mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'db'), { recursive: true });
    await writeFile(
      join(dir, 'db', 'nianbao.lock'),
      JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname() }),
    );
    await expect(openPglite(join(dir, 'db'))).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(openPglite(join(dir, 'db'))).rejects.toThrow(/DATABASE_URL/);
    await rm(dir, { recursive: true, force: true });
  });

  it('takes in tokens made while the server held the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-pending-'));
    await seedPglite(dir);
    const db = await openStore({ databaseUrl: null, dataDir: dir });
    try {
      const token = await createPendingToken(dir, 'late');
      expect(await verifyToken(db, token)).toBeNull();
      expect(await importPendingTokens(db, dir)).toBe(1);
      expect(await verifyToken(db, token)).toMatchObject({ name: 'late' });
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never lets a client name become a path', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(cleanFileName('..')).toBe('upload.pdf');
    expect(cleanFileName('报告\u0000.pdf')).toBe('报告.pdf');
    expect(() => resolveStoredPath('/data', '../x.pdf')).toThrow();
    expect(() => resolveStoredPath('/data', `files/ab/${'c'.repeat(62)}.pdf/../../x`)).toThrow();
    expect(resolveStoredPath('/data', storedPathOf('a'.repeat(64)))).toBe(`/data/files/aa/${'a'.repeat(62)}.pdf`);
  });

  it('compares extractor versions numerically', () => {
    expect(compareVersions('0.9.0', '0.10.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('2.0', '1.9.9')).toBeGreaterThan(0);
  });
});
