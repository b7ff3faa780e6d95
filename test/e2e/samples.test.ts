import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { PROJECT_ROOT, readTruth } from '../helpers/shared.js';

const SAMPLES = join(PROJECT_ROOT, 'samples');
const truths = readdirSync(join(SAMPLES, 'truth')).filter((f) => f.endsWith('.json'));

/** The project's own born-digital samples: every printed cell exact, meta and flags as written. */
describe('samples (born-digital)', () => {
  it('has the five seed reports and the old table in two provincial forms', () => {
    expect(truths).toHaveLength(9);
    expect(
      readdirSync(join(SAMPLES, 'provincial'))
        .filter((f) => f.endsWith('.pdf'))
        .sort(),
    ).toEqual(['shapotou-justice-2018-cumulative.pdf', 'shapotou-justice-2018-yearend.pdf']);
  });

  for (const name of truths) {
    const truth = readTruth(join(SAMPLES, 'truth', name));
    it(`${truth.file}: cells, meta and flags equal its truth`, async () => {
      const { record } = await extractReport(new Uint8Array(readFileSync(join(SAMPLES, truth.file))), {
        fileName: truth.file,
      });
      const got = Object.fromEntries(Object.entries(record.cells).map(([id, c]) => [id, c.value]));
      expect(got).toEqual(truth.cells);
      expect(record.meta).toEqual({
        agency: truth.meta.agency,
        year: truth.meta.year,
        era: truth.meta.era,
        publishedOn: truth.meta.publishedOn,
      });
      expect(record.validation.status).toBe(truth.expectFlagged ? 'flagged' : 'passed');
      const errors = [
        ...new Set(record.validation.issues.filter((i) => i.severity === 'error').map((i) => i.rule)),
      ].sort();
      expect(errors).toEqual([...truth.expectRules].sort());
    });
  }

  it('zhongning-justice-2021 is signed late: report.published warns without flagging', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(SAMPLES, 'zhongning-justice-2021.pdf'))));
    expect(record.validation.issues.filter((i) => i.rule === 'report.published')).toMatchObject([
      { severity: 'warning' },
    ]);
    expect(record.validation.status).toBe('passed');
  });

  it('hongsibu-justice-2022 names the deliberately wrong cells', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(SAMPLES, 'hongsibu-justice-2022.pdf'))));
    const rowSum = record.validation.issues.find((i) => i.rule === 'applications.rowSum');
    expect(rowSum?.cells[0]).toBe('applications.withheld.thirdParty.total');
    const appeals = record.validation.issues.find((i) => i.rule === 'appeals.total');
    expect(appeals?.cells[0]).toBe('appeals.review.total');
    expect(record.cells['appeals.review.total']?.value).toBe(3);
  });

  it('zhongwei-justice-2020 keeps signs and units as printed', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(SAMPLES, 'zhongwei-justice-2020.pdf'))));
    expect(record.cells['disclosure.otherServices.change']).toMatchObject({ value: 7, raw: '+7' });
    expect(record.cells['disclosure.procurement.amount']?.value).toBe(80);
    expect(record.cells['disclosure.procurement.amount']?.raw).toMatch(/^80\s*万元$/);
  });

  it(
    'shapotou-justice-2018-yearend (年末统计, six channels): units ' + 'as printed, the row with no schema id left out',
    async () => {
      const { record } = await extractReport(
        new Uint8Array(readFileSync(join(SAMPLES, 'provincial/shapotou-justice-2018-yearend.pdf'))),
      );
      expect(record.cells['legacy.access.readingRoomUses.value']).toMatchObject({ value: 21, unit: '件次' });
      expect(record.cells['legacy.access.pageViews.value']).toMatchObject({ value: 15320, unit: '人次' });
      // 依申请公开信息目录数 35: printed, but no cell of the schema.
      expect(Object.values(record.cells).map((c) => c.value)).not.toContain(35);
    },
  );

  it('shapotou-justice-2018-cumulative (no ruling lines): the 2018年度 column, never 历年累计', async () => {
    const { record, pages } = await extractReport(
      new Uint8Array(readFileSync(join(SAMPLES, 'provincial/shapotou-justice-2018-cumulative.pdf'))),
    );
    expect(pages.flatMap((p) => p.segments)).toEqual([]);
    expect(record.cells['legacy.fees.waived.value']).toMatchObject({ value: 120, unit: '元' });
    expect(record.cells['legacy.requests.letter.value']?.value).toBe(2);
    for (const cumulative of [1630, 1502, 41, 860])
      expect(Object.values(record.cells).map((c) => c.value)).not.toContain(cumulative);
  });
});
