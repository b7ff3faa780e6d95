import { describe, expect, it } from 'vitest';
import { checkAppealTotals } from '../../src/validate/appeals.js';
import { makeCells } from './helpers.js';

const row = (r: string, values: (number | null)[]) =>
  Object.fromEntries(
    ['upheld', 'corrected', 'other', 'pending', 'total'].map((c, i) => [`appeals.${r}.${c}`, values[i]!]),
  );

describe('appeals.total', () => {
  it('fires per row when the total is not upheld + corrected + other + pending', () => {
    const issues = checkAppealTotals(
      makeCells({ ...row('review', [10, 1, 0, 0, 0]), ...row('suitDirect', [0, 0, 0, 0, 0]) }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      rule: 'appeals.total',
      severity: 'error',
      cells: [
        'appeals.review.total',
        'appeals.review.upheld',
        'appeals.review.corrected',
        'appeals.review.other',
        'appeals.review.pending',
      ],
    });
    expect(issues[0]!.message).toContain('行政复议 总计 0 ≠ 10 + 1 + 0 + 0');
  });

  it('holds when every row adds up, blanks counting as 0', () => {
    expect(
      checkAppealTotals(
        makeCells({ ...row('review', [2, 1, null, 1, 4]), ...row('suitAfterReview', [null, null, null, null, null]) }),
      ),
    ).toEqual([]);
  });

  it('does not apply to a row whose total was never read', () => {
    const values = row('suitDirect', [3, 0, 0, 0, 0]);
    delete values['appeals.suitDirect.total'];
    expect(checkAppealTotals(makeCells(values))).toEqual([]);
  });

  it('a blank total with non-zero parts fails (the blank is 0)', () => {
    const issues = checkAppealTotals(makeCells(row('suitDirect', [0, 2, 0, 0, null])));
    expect(issues.map((i) => i.message)).toEqual(['未经复议直接起诉 总计 空 ≠ 0 + 2 + 0 + 0 = 2']);
  });
});
