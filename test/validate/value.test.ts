import { describe, expect, it } from 'vitest';
import { checkValueRange } from '../../src/validate/value.js';
import { makeCells, makeMeta } from './helpers.js';

describe('value.range', () => {
  it('fires on a negative count', () => {
    const issues = checkValueRange(makeMeta(), makeCells({ 'applications.granted.total': -3 }));
    expect(issues).toEqual([
      {
        rule: 'value.range',
        severity: 'warning',
        cells: ['applications.granted.total'],
        message: expect.stringContaining('负数 -3'),
      },
    ]);
  });

  it('fires on a count that is not a whole number', () => {
    const issues = checkValueRange(makeMeta(), makeCells({ 'disclosure.penalty.decisions': 41.19 }));
    expect(issues).toEqual([
      {
        rule: 'value.range',
        severity: 'warning',
        cells: ['disclosure.penalty.decisions'],
        message: expect.stringContaining('计数不应为小数: 41.19'),
      },
    ]);
  });

  it('fires on an absurd count', () => {
    const issues = checkValueRange(
      makeMeta({ year: 2018, era: '2008' }),
      makeCells({ 'legacy.proactive.total.value': 20182019 }),
    );
    expect(issues).toEqual([
      {
        rule: 'value.range',
        severity: 'warning',
        cells: ['legacy.proactive.total.value'],
        message: expect.stringContaining('计数 20182019 大于 10000000'),
      },
    ]);
  });

  it('holds for ordinary counts, amounts with decimals or large, and signed 本年增/减 of era 2019', () => {
    expect(
      checkValueRange(
        makeMeta(),
        makeCells({
          'disclosure.penalty.decisions': 4119,
          'disclosure.fees.amount': 7730.28,
          'applications.granted.total': null,
        }),
      ),
    ).toEqual([]);
    const meta2019 = makeMeta({ year: 2019, era: '2019' });
    // 平潭 2019 prints its 采购总金额 in 元: 75394432.52.
    expect(
      checkValueRange(
        meta2019,
        makeCells({
          'disclosure.procurement.amount': 75394432.52,
          'disclosure.licensing.change': -7,
          'disclosure.fees.change': 3,
        }),
      ),
    ).toEqual([]);
    const meta2008 = makeMeta({ year: 2018, era: '2008' });
    expect(
      checkValueRange(meta2008, makeCells({ 'legacy.fees.amount.value': 0.05, 'legacy.org.budget.value': 1.5 })),
    ).toEqual([]);
  });

  it('a negative amount is still out of range', () => {
    expect(checkValueRange(makeMeta(), makeCells({ 'disclosure.fees.amount': -1 })).map((i) => i.cells)).toEqual([
      ['disclosure.fees.amount'],
    ]);
  });
});
