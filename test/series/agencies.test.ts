/**
 * Agencies in the store (migration 004): every printed form of a name lands on one agency by its
 * normalised key; an admin merges two agencies and splits a name key off again, each in the
 * audit trail; the series then follows. On the embedded PGlite always, on PostgreSQL too when
 * DATABASE_URL is set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { getReport } from '../../src/store/reports.js';
import { findReuse } from '../../src/web/ui/reuse.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { agencySeries } from '../../src/series/agencySeries.js';
import {
  AgencyError,
  agencyIdOf,
  currentRecords,
  getAgency,
  listAgencies,
  mergeAgencies,
  splitAgency,
} from '../../src/store/agencies.js';
import type { Db } from '../../src/store/db.js';
import { storedPathOf } from '../../src/store/files.js';
import { createReport } from '../../src/store/reports.js';
import { listAudit } from '../../src/store/review.js';
import { createUser } from '../../src/store/users.js';
import { storeRecord } from '../../src/workers/stages.js';
import { seriesRecord, storeSeriesReport } from '../helpers/seriesReports.js';
import { STORE_BACKENDS } from '../helpers/storeBackends.js';

for (const backend of STORE_BACKENDS) {
  describe.runIf(backend.enabled)(`agencies in the store on ${backend.name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let admin: { id: number; name: string };
    const ids: Record<string, number> = {};
    const store = async (name: string, r: ReportRecord): Promise<void> => {
      ids[name] = await storeSeriesReport(db, name, r);
    };

    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
      const u = await createUser(db, { name: 'root', role: 'admin', password: 'a long enough password' });
      admin = { id: u.id, name: u.name };
      await store('putian-2020', seriesRecord('莆田市统计局办公室', 2020, { 'applications.carriedForward.total': 4 }));
      await store(
        'putian-2021',
        seriesRecord('莆田市统计局', 2021, {
          'applications.carriedOver.total': 4,
          'applications.carriedForward.total': 2,
        }),
      );
      await store(
        'hongze-2021',
        seriesRecord('淮安市洪泽区人民政府', 2021, { 'applications.carriedForward.total': 7 }),
      );
      await store('hongze-2022', seriesRecord('洪泽区人民政府', 2022, { 'applications.carriedOver.total': 7 }));
      // A renamed bureau: no form of the old name, so another agency until an admin merges them.
      await store('putian-2022', seriesRecord('莆田市统计调查局', 2022, { 'applications.carriedOver.total': 3 }));
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('puts the printed forms of one name on one agency: an office suffix, a place prefix', async () => {
      const agencies = await listAgencies(db);
      const byName = Object.fromEntries(agencies.map((a) => [a.name, a]));
      expect(Object.keys(byName).sort()).toEqual(['洪泽区人民政府', '莆田市统计局', '莆田市统计调查局'].sort());
      expect(byName.莆田市统计局!.reports.map((r) => r.id)).toEqual([ids['putian-2020'], ids['putian-2021']]);
      expect(byName.莆田市统计局!.names).toEqual(['莆田市统计局', '莆田市统计局办公室']);
      expect(byName.洪泽区人民政府!.keys.sort()).toEqual(['洪泽区', '淮安市洪泽区'].sort());
      expect(await agencyIdOf(db, '莆田市统计局办公室')).toBe(byName.莆田市统计局!.id);
    });

    it(
      'finds the same prose published under another agency’s name ' + 'in the same year, and last year’s of its own',
      async () => {
        const sample = await extractReport(
          new Uint8Array(readFileSync(join(PROJECT_ROOT, 'samples/weihui-justice-2021.pdf'))),
          { fileName: 'weihui.pdf' },
        );
        const other = await extractReport(
          new Uint8Array(readFileSync(join(PROJECT_ROOT, 'samples/zhongning-justice-2021.pdf'))),
          { fileName: 'zhongning.pdf' },
        );
        const put = async (name: string, agency: string, year: number, text: string): Promise<number> => {
          const r = {
            ...seriesRecord(agency, year, {}),
            meta: { agency, year, era: '2021' as const, publishedOn: null },
          };
          const { report } = await createReport(db, {
            sha256: r.source.sha256,
            fileName: `${name}.pdf`,
            filePath: storedPathOf(r.source.sha256),
            sizeBytes: 1,
            source: 'api',
          });
          await storeRecord(db, { reportId: report.id, run: 1, record: r, text, reprocessRunId: null });
          return report.id;
        };
        await put('wh-2020', '卫辉市司法局', 2020, sample.text.replace(/\d+/gu, '7'));
        const mine = await put('wh-2021', '卫辉市司法局', 2021, sample.text);
        const twin = await put('twin-2021', '新乡市某某局', 2021, sample.text);
        await put('zn-2021', '中宁县司法局', 2021, other.text);
        const report = (await getReport(db, mine))!;
        const found = await findReuse(db, report, seriesRecord('卫辉市司法局', 2021, {}), sample.text);
        expect(found.previous?.reuse?.share).toBe(1);
        expect(found.twins.map((t) => [t.reportId, t.agency, t.share])).toEqual([[twin, '新乡市某某局', 1]]);
      },
    );

    it('merges a renamed agency in and splits it off again, each in the audit trail; the series follows', async () => {
      const old = (await agencyIdOf(db, '莆田市统计局'))!;
      const renamed = (await agencyIdOf(db, '莆田市统计调查局'))!;
      await expect(mergeAgencies(db, old, old, admin)).rejects.toBeInstanceOf(AgencyError);
      await mergeAgencies(db, old, renamed, admin);
      const merged = (await getAgency(db, old))!;
      expect(merged.keys.sort()).toEqual(['莆田市统计局', '莆田市统计调查局'].sort());
      expect(await getAgency(db, renamed)).toBeNull();
      // The chain 2021 → 2022 is now checked, and is broken: 3 ≠ 2.
      const series = agencySeries(
        await currentRecords(
          db,
          merged.reports.map((r) => r.id),
        ),
      );
      expect(series.map((y) => y.year)).toEqual([2020, 2021, 2022]);
      expect(series.map((y) => y.chain.find((c) => c.rule === 'archive.carryOver')?.holds ?? null)).toEqual([
        null,
        true,
        false,
      ]);
      expect(series[2]!.chain[0]!.issues[0]!.message).toBe('上年结转 3 ≠ 2021 年报告的结转下年度继续办理 2');

      await expect(splitAgency(db, old, '没有的键', admin)).rejects.toMatchObject({ status: 404 });
      const back = await splitAgency(db, old, '莆田市统计调查局', admin);
      expect((await getAgency(db, back))!.reports.map((r) => r.id)).toEqual([ids['putian-2022']]);
      expect((await getAgency(db, old))!.reports.map((r) => r.id)).toEqual([ids['putian-2020'], ids['putian-2021']]);
      await expect(splitAgency(db, back, '莆田市统计调查局', admin)).rejects.toMatchObject({ status: 400 });
      // A split key stays where the admin put it.
      expect(await agencyIdOf(db, '莆田市统计调查局')).toBe(back);
      const trail = (await listAudit(db, null)).filter((e) => e.action.startsWith('agency_'));
      expect(trail.map((e) => [e.action, e.userName, e.oldValue, e.newValue])).toEqual([
        ['agency_split', 'root', String(old), String(back)],
        ['agency_merge', 'root', String(renamed), String(old)],
      ]);
    });
  });
}
