/**
 * The service reads its store as series too: last year's report of the same agency is found by
 * any printed form of the agency's name, the closest form first. On the embedded PGlite always,
 * on PostgreSQL too when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecord } from '../../src/schema/record.js';
import type { Db } from '../../src/store/db.js';
import { storedPathOf } from '../../src/store/files.js';
import { createReport, findArchiveCandidates } from '../../src/store/reports.js';
import { findPrevious, validateWithArchive } from '../../src/service/archive.js';
import { seriesRecord, storeSeriesReport } from '../helpers/seriesReports.js';
import { STORE_BACKENDS } from '../helpers/storeBackends.js';

/** Digests of reports made here directly, apart from the helper's. */
let serial = 0x5f000;
const sha = (): string => (serial++).toString(16).padStart(64, '0');

for (const backend of STORE_BACKENDS) {
  describe.runIf(backend.enabled)(`series in the store on ${backend.name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    const stored: Record<string, number> = {};
    const store = async (name: string, r: ReportRecord): Promise<void> => {
      stored[name] = await storeSeriesReport(db, name, r);
    };
    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
      await store('city-2020', seriesRecord('莆田市人民政府', 2020, { 'applications.carriedForward.total': 4 }));
      await store(
        'office-2020',
        seriesRecord('莆田市人民政府办公室', 2020, { 'applications.carriedForward.total': 1 }),
      );
      await store('stats-2020', seriesRecord('莆田市统计局办公室', 2020, { 'applications.carriedForward.total': 2 }));
      await store('other-2020', seriesRecord('仙游县统计局', 2020, { 'applications.carriedForward.total': 2 }));
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('finds last year under the signature’s name, the title’s, the full or the short form', async () => {
      const ids = async (agency: string) => (await findArchiveCandidates(db, 2020, agency, -1)).map((c) => c.reportId);
      expect(await ids('莆田市统计局')).toEqual([stored['stats-2020']]);
      // The same name first, then the same agency by another form (its 办公室).
      expect(await ids('莆田市人民政府')).toEqual([stored['city-2020'], stored['office-2020']]);
      expect((await ids('莆田市')).sort()).toEqual([stored['city-2020'], stored['office-2020']].sort());
      expect(await ids('莆田市教育局')).toEqual([]);
    });

    it('runs archive.carryOver against the closest name, and stays quiet where the chain holds', async () => {
      const cur = await createReport(db, {
        sha256: sha(),
        fileName: 'stats-2021.pdf',
        filePath: storedPathOf(sha()),
        sizeBytes: 1,
        source: 'api',
      });
      const holds = seriesRecord('莆田市统计局', 2021, { 'applications.carriedOver.total': 2 });
      expect((await findPrevious(db, cur.report.id, holds))?.meta.agency).toBe('莆田市统计局办公室');
      const archive = (r: ReportRecord) => r.validation.issues.filter((i) => i.rule.startsWith('archive.'));
      expect(archive(await validateWithArchive(db, cur.report.id, { record: holds, text: '' }))).toEqual([]);
      const breaks = seriesRecord('莆田市人民政府', 2021, { 'applications.carriedOver.total': 1 });
      expect(archive(await validateWithArchive(db, cur.report.id, { record: breaks, text: '' }))).toMatchObject([
        { rule: 'archive.carryOver', message: '上年结转 1 ≠ 2020 年报告的结转下年度继续办理 4' },
      ]);
    });
  });
}
