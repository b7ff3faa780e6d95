import { describe, expect, it } from 'vitest';
import { checkCarryOver, checkInForce, sameAgency } from '../../src/validate/archive.js';
import { makeCells, makeMeta } from './helpers.js';

const CARRIED_OVER = 'applications.carriedOver.total';
const CARRIED_FORWARD = 'applications.carriedForward.total';

const lastYear = (values: Record<string, number | null>, meta = {}) => ({
  meta: makeMeta({ year: 2022, ...meta }),
  cells: makeCells(values),
});

describe('archive.carryOver', () => {
  it("fires when 上年结转 differs from last year's 结转下年度继续办理", () => {
    const issues = checkCarryOver(makeMeta(), makeCells({ [CARRIED_OVER]: 2 }), lastYear({ [CARRIED_FORWARD]: 5 }));
    expect(issues).toEqual([
      {
        rule: 'archive.carryOver',
        severity: 'warning',
        cells: [CARRIED_OVER],
        message: expect.stringContaining('上年结转 2 ≠ 2022 年报告的结转下年度继续办理 5'),
      },
    ]);
  });

  it('holds when they agree, a blank counting as 0', () => {
    expect(checkCarryOver(makeMeta(), makeCells({ [CARRIED_OVER]: 5 }), lastYear({ [CARRIED_FORWARD]: 5 }))).toEqual(
      [],
    );
    expect(checkCarryOver(makeMeta(), makeCells({ [CARRIED_OVER]: null }), lastYear({ [CARRIED_FORWARD]: 0 }))).toEqual(
      [],
    );
  });

  it('does not apply without last year, for another agency or year, or without both cells', () => {
    const cells = makeCells({ [CARRIED_OVER]: 2 });
    expect(checkCarryOver(makeMeta(), cells, null)).toEqual([]);
    expect(checkCarryOver(makeMeta(), cells, undefined)).toEqual([]);
    expect(checkCarryOver(makeMeta(), cells, lastYear({ [CARRIED_FORWARD]: 5 }, { agency: '另一个县司法局' }))).toEqual(
      [],
    );
    expect(checkCarryOver(makeMeta(), cells, lastYear({ [CARRIED_FORWARD]: 5 }, { year: 2020 }))).toEqual([]);
    expect(checkCarryOver(makeMeta(), cells, lastYear({}))).toEqual([]);
  });

  it('takes a name with its place prefix for the same agency', () => {
    expect(sameAgency('淮安市洪泽区人民政府', '洪泽区人民政府')).toBe(true);
    expect(sameAgency('洪泽区人民政府', '洪泽区 人民政府')).toBe(true);
    expect(sameAgency('洪泽区人民政府', '淮阴区人民政府')).toBe(false);
    expect(sameAgency(null, '洪泽区人民政府')).toBe(false);
  });
});

describe('archive.inForce', () => {
  const docs = (issued: number | null, repealed: number | null, inForce: number | null) => ({
    'disclosure.normativeDocs.issued': issued,
    'disclosure.normativeDocs.repealed': repealed,
    'disclosure.normativeDocs.inForce': inForce,
  });

  it("fires when 现行有效 ≠ last year's + 制发 − 废止", () => {
    // 洪泽区 2023: 0 issued, 5 repealed, 5 in force; last year had 12 in force.
    const issues = checkInForce(makeMeta(), makeCells(docs(0, 5, 5)), lastYear(docs(3, 0, 12)));
    expect(issues).toEqual([
      {
        rule: 'archive.inForce',
        severity: 'warning',
        cells: [
          'disclosure.normativeDocs.inForce',
          'disclosure.normativeDocs.issued',
          'disclosure.normativeDocs.repealed',
        ],
        message: expect.stringContaining('行政规范性文件 现行有效 5 ≠ 上年 12 + 制发 0 − 废止 5 = 7'),
      },
    ]);
  });

  it('holds when the count carries over', () => {
    expect(
      checkInForce(
        makeMeta(),
        makeCells({ ...docs(0, 5, 5), 'disclosure.rules.inForce': 0 }),
        lastYear({ ...docs(2, 1, 10), 'disclosure.rules.inForce': 0 }),
      ),
    ).toEqual([]);
    expect(checkInForce(makeMeta(), makeCells(docs(2, null, 12)), lastYear(docs(0, 0, 10)))).toEqual([]);
  });

  it('applies to era 2021 on both sides only', () => {
    expect(checkInForce(makeMeta(), makeCells(docs(0, 5, 5)), lastYear(docs(0, 0, 12), { era: '2019' }))).toEqual([]);
    expect(checkInForce(makeMeta({ era: '2019' }), makeCells(docs(0, 5, 5)), lastYear(docs(0, 0, 12)))).toEqual([]);
  });
});
