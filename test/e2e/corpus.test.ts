import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { CORPUS_PDF, CORPUS_TRUTH, HAVE_CORPUS, readTruth } from '../helpers/shared.js';

/** Born-digital corpus reports: every truth cell exact, flags and meta as hand-checked. */
describe.runIf(HAVE_CORPUS)('born-digital corpus (../shared/corpus)', () => {
  for (const name of [
    'hongze-district-2023',
    'pingtan-2019',
    'putian-city-2008',
    'putian-city-2013',
    'putian-city-2019',
    'putian-stats-2020',
    'putian-stats-2021',
  ]) {
    it(`${name}: every cell equals the truth, flags and meta right`, async () => {
      const truth = readTruth(join(CORPUS_TRUTH, `${name}.json`));
      const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, truth.file))), {
        fileName: truth.file,
      });
      const got = Object.fromEntries(Object.entries(record.cells).map(([id, c]) => [id, c.value]));
      expect(got).toEqual(truth.cells);
      expect(record.meta.year).toBe(truth.meta.year);
      expect(record.meta.era).toBe(truth.meta.era);
      expect(record.validation.status).toBe(truth.expectFlagged ? 'flagged' : 'passed');
      const errors = [
        ...new Set(record.validation.issues.filter((i) => i.severity === 'error').map((i) => i.rule)),
      ].sort();
      expect(errors).toEqual([...truth.expectRules].sort());
      expect(record.source.textLayer).toBe('full');
      for (const c of Object.values(record.cells)) {
        expect(c.source).toBe('text');
        expect(c.bbox[2]).toBeGreaterThan(c.bbox[0]);
        expect(c.bbox[3]).toBeGreaterThan(c.bbox[1]);
      }
    });
  }

  it('hongze-district-2023: the broken appeals rows are named with their cells', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, 'hongze-district-2023.pdf'))));
    const appeals = record.validation.issues.filter((i) => i.rule === 'appeals.total');
    expect(appeals.map((i) => i.cells[0]).sort()).toEqual(['appeals.review.total', 'appeals.suitAfterReview.total']);
    expect(record.cells['appeals.review.upheld']).toMatchObject({ value: 10, page: 4, raw: '10' });
    expect(record.meta.agency).toBe('洪泽区人民政府');
  });

  it(
    'putian-city-2008 (Fujian form A: 指标名称 / 计量单位 / 年末统计): six channels, units as printed, legacy.sums over ' +
      'them',
    async () => {
      const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, 'putian-city-2008.pdf'))));
      expect(record.meta).toMatchObject({ year: 2008, era: '2008' });
      expect(record.cells['legacy.requests.email.value']).toMatchObject({ value: 10, unit: '条' });
      expect(record.cells['legacy.requests.otherForm.value']).toMatchObject({ value: 0, raw: '0', unit: '条' });
      expect(record.cells['legacy.access.readingRoomVisitors.value']).toMatchObject({ value: 1085, unit: '人次' });
      expect(record.cells['legacy.access.readingRoomUses.value']).toMatchObject({ value: 336, unit: '件次' });
      expect(record.cells['legacy.review.total.value']).toMatchObject({ value: 0, unit: '件' });
      // 2.同意部分公开答复数 is on page 8: the table runs on over the page break.
      expect(record.cells['legacy.requests.partlyGranted.value']).toMatchObject({ value: 12, page: 8 });
      expect(record.validation.issues.filter((i) => i.rule === 'legacy.sums')).toEqual([]);
    },
  );

  it('putian-city-2013 (Fujian form B): the 2013年度 column, never 历年累计; the fee waiver in 元', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, 'putian-city-2013.pdf'))));
    expect(record.cells['legacy.proactive.total.value']).toMatchObject({ value: 24888, raw: '24888' });
    expect(record.cells['legacy.fees.waived.value']).toMatchObject({ value: 259, unit: '元' });
    expect(record.cells['legacy.requests.otherReplies.value']?.value).toBe(39);
    // The cumulative figures (154572, 3918 …) are nowhere in the record.
    expect(Object.values(record.cells).map((c) => c.value)).not.toContain(154572);
    expect(Object.values(record.cells).map((c) => c.value)).not.toContain(3918);
  });

  it('putian-city-2019: its 2019年项目数量 column is left out, not put under 上一年项目数量, and nothing is missing', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, 'putian-city-2019.pdf'))));
    expect(Object.keys(record.cells).filter((id) => id.endsWith('.prevItems') || id.endsWith('.change'))).toEqual([]);
    expect(record.cells['disclosure.licensing.decisions']?.value).toBe(123291);
    expect(record.cells['disclosure.procurement.amount']).toMatchObject({ value: 120190475.34, unit: '元' });
    expect(record.validation.issues.filter((i) => i.rule === 'report.structure')).toEqual([]);
  });
});
