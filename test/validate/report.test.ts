import { describe, expect, it } from 'vitest';
import { cellIdsForEra } from '../../src/schema/cells.js';
import { checkEra, checkPublished, checkStructure } from '../../src/validate/report.js';
import { makeCells, makeMeta, zeroValues } from './helpers.js';

describe('report.structure', () => {
  it('fires once when no table of any era was found', () => {
    const issues = checkStructure(makeMeta({ era: null }), {});
    expect(issues).toEqual([
      {
        rule: 'report.structure',
        severity: 'error',
        cells: [],
        message: expect.stringContaining('no table of any template era was found'),
      },
    ]);
  });

  it('fires once per required table with no cell at all, listing its ids', () => {
    const values = zeroValues('2021');
    for (const id of Object.keys(values)) if (id.startsWith('appeals.')) delete values[id];
    const issues = checkStructure(makeMeta(), makeCells(values));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      rule: 'report.structure',
      severity: 'error',
      cells: cellIdsForEra('2021').filter((id) => id.startsWith('appeals.')),
    });
    expect(issues[0]!.cells).toHaveLength(15);
    expect(issues[0]!.message).toContain('缺少 2021 模板要求的表格 appeals');
  });

  it('groups the missing cells of one table into one issue', () => {
    const values = zeroValues('2021');
    delete values['applications.granted.total'];
    delete values['applications.withheld.stateSecret.business'];
    delete values['disclosure.fees.amount'];
    const issues = checkStructure(makeMeta(), makeCells(values));
    expect(issues.map((i) => [i.rule, i.severity, i.cells])).toEqual([
      ['report.structure', 'error', ['disclosure.fees.amount']],
      ['report.structure', 'error', ['applications.granted.total', 'applications.withheld.stateSecret.business']],
    ]);
    expect(issues[1]!.message).toContain(
      '缺少 2 / 175 个单元格: applications.granted.total, applications.withheld.stateSecret.business',
    );
  });

  it('holds for a complete record: printed blanks are not missing cells', () => {
    const values = zeroValues('2021', { 'disclosure.fees.amount': null, 'appeals.review.pending': null });
    expect(checkStructure(makeMeta(), makeCells(values))).toEqual([]);
  });

  it('requires the form of （六）其他处理 the record prints', () => {
    const oneRow = zeroValues('2019', {}, { otherForm: 'oneRow' });
    expect(checkStructure(makeMeta({ year: 2019, era: '2019' }), makeCells(oneRow))).toEqual([]);
    const threeRows = zeroValues('2019', {}, { otherForm: 'threeRows' });
    delete threeRows['applications.other.misc.total'];
    const issues = checkStructure(makeMeta({ year: 2019, era: '2019' }), makeCells(threeRows));
    expect(issues.map((i) => i.cells)).toEqual([['applications.other.misc.total']]);
  });

  it('requires every column of a block where a cell of it could not be read', () => {
    // zhongwei-justice-2020 scanned sideways: the rule between 采购项目数量 and 采购总金额 not seen,
    // their cell read as one, "1 80万元": no amount read, and it must not go unnamed.
    const values = zeroValues('2019');
    delete values['disclosure.procurement.amount'];
    const cells = makeCells(values);
    expect(checkStructure(makeMeta({ year: 2020, era: '2019' }), cells)).toEqual([]);
    cells['disclosure.procurement.items'] = {
      ...cells['disclosure.procurement.items']!,
      value: null,
      confidence: 0,
      source: 'ocr',
      raw: '1 80万元',
    };
    const issues = checkStructure(makeMeta({ year: 2020, era: '2019' }), cells);
    expect(issues.map((i) => i.cells)).toEqual([['disclosure.procurement.amount']]);
  });

  it('era 2008 requires the legacy table only', () => {
    const meta = makeMeta({ year: 2018, era: '2008' });
    expect(checkStructure(meta, makeCells(zeroValues('2008')))).toEqual([]);
    const issues = checkStructure(meta, {});
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('legacy');
    expect(issues[0]!.cells).toContain('legacy.requests.received.value');
  });
});

describe('report.era', () => {
  const eraIssue = (year: number, era: '2008' | '2019' | '2021') => checkEra(makeMeta({ year, era }));

  it('fires when the template does not fit the year', () => {
    const issues = eraIssue(2023, '2019');
    expect(issues).toEqual([
      {
        rule: 'report.era',
        severity: 'warning',
        cells: [],
        message: expect.stringContaining('2023 年度报告使用了 2019 模板'),
      },
    ]);
    expect(eraIssue(2021, '2008')).toHaveLength(1);
    expect(eraIssue(2020, '2021')).toHaveLength(1);
    expect(eraIssue(2019, '2008')).toHaveLength(1);
    expect(eraIssue(2018, '2019')).toHaveLength(1);
    expect(eraIssue(2015, '2021')).toHaveLength(1);
  });

  it('holds when it fits, or when year or era is unknown', () => {
    expect(eraIssue(2021, '2021')).toEqual([]);
    expect(eraIssue(2020, '2019')).toEqual([]);
    expect(eraIssue(2019, '2019')).toEqual([]);
    expect(eraIssue(2018, '2008')).toEqual([]);
    expect(checkEra(makeMeta({ year: null, era: '2019' }))).toEqual([]);
    expect(checkEra(makeMeta({ year: 2023, era: null }))).toEqual([]);
  });
});

describe('report.published', () => {
  it('fires when signed after 31 January of the following year', () => {
    const issues = checkPublished(makeMeta({ year: 2023, publishedOn: '2024-02-01' }));
    expect(issues).toEqual([
      {
        rule: 'report.published',
        severity: 'warning',
        cells: [],
        message: expect.stringContaining('落款日期 2024-02-01 晚于 2024-01-31'),
      },
    ]);
  });

  it('holds on or before the deadline, or when the date is unknown', () => {
    expect(checkPublished(makeMeta({ year: 2023, publishedOn: '2024-01-31' }))).toEqual([]);
    expect(checkPublished(makeMeta({ year: 2019, publishedOn: '2020-01-20' }))).toEqual([]);
    expect(checkPublished(makeMeta({ year: 2023, publishedOn: null }))).toEqual([]);
  });
});

describe('report.structure, as the report prints its tables', () => {
  it('the old table requires the rows it prints, not the national template’s', () => {
    const meta = makeMeta({ year: 2013, era: '2008' });
    expect(
      checkStructure(meta, makeCells({ 'legacy.proactive.total.value': 24888, 'legacy.fees.waived.value': 259 })),
    ).toEqual([]);
  });

  it(
    'a disclosure column the report does not print is not missing (putian-city-2019: 2019年项目数量 in place of 上一年项目数量 ' +
      '/ 本年增减)',
    () => {
      const meta = makeMeta({ year: 2019, era: '2019' });
      const values = zeroValues('2019', {}, { otherForm: 'oneRow' });
      for (const id of Object.keys(values)) if (/\.(prevItems|change)$/u.test(id)) delete values[id];
      expect(checkStructure(meta, makeCells(values))).toEqual([]);
      // But a column printed in a block is required in every row of it, and in a block of the
      // same column where nothing was read (行政事业性收费).
      const one = { ...values, 'disclosure.licensing.prevItems': 3 };
      expect(checkStructure(meta, makeCells(one)).map((i) => i.cells)).toEqual([
        [
          'disclosure.otherServices.prevItems',
          'disclosure.penalty.prevItems',
          'disclosure.enforcement.prevItems',
          'disclosure.fees.prevItems',
        ],
      ]);
    },
  );

  it('a block with no cell read still requires its own columns (2021 行政事业性收费)', () => {
    const values = zeroValues('2021');
    delete values['disclosure.fees.amount'];
    expect(checkStructure(makeMeta(), makeCells(values)).map((i) => i.cells)).toEqual([['disclosure.fees.amount']]);
  });

  it('names a text-layer cell printed but unreadable (kept at confidence 0), not a printed blank', () => {
    const cells = makeCells(zeroValues('2021'));
    cells['applications.granted.total'] = {
      ...cells['applications.granted.total']!,
      value: null,
      raw: '约 3',
      confidence: 0,
    };
    cells['appeals.review.pending'] = { ...cells['appeals.review.pending']!, value: null, raw: '—' };
    const issues = checkStructure(makeMeta(), cells);
    expect(issues.map((i) => i.cells)).toEqual([['applications.granted.total']]);
    expect(issues[0]!.message).toContain('"约 3"');
  });
});
