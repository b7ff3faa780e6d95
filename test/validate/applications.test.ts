import { describe, expect, it } from 'vitest';
import {
  checkApplicationBalance,
  checkApplicationResults,
  checkApplicationRowSums,
  otherFormOf,
} from '../../src/validate/applications.js';
import { validate } from '../../src/validate/index.js';
import { makeCells, makeMeta, rulesOf, zeroValues } from './helpers.js';

describe('applications.balance', () => {
  it('fires per column when new + carried over ≠ total + carried forward', () => {
    const cells = makeCells({
      'applications.newReceived.naturalPerson': 21,
      'applications.carriedOver.naturalPerson': 0,
      'applications.total.naturalPerson': 20,
      'applications.carriedForward.naturalPerson': 0,
    });
    const issues = checkApplicationBalance(cells);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      rule: 'applications.balance',
      severity: 'error',
      cells: [
        'applications.newReceived.naturalPerson',
        'applications.carriedOver.naturalPerson',
        'applications.total.naturalPerson',
        'applications.carriedForward.naturalPerson',
      ],
    });
    expect(issues[0]!.message).toContain('自然人: 新收 21 + 结转 0 ≠ 总计 20 + 结转下年 0');
  });

  it('holds when the balance works, counting a printed blank as 0', () => {
    const cells = makeCells({
      'applications.newReceived.total': 21,
      'applications.carriedOver.total': null,
      'applications.total.total': 18,
      'applications.carriedForward.total': 3,
    });
    expect(checkApplicationBalance(cells)).toEqual([]);
  });

  it('does not apply to a column whose total was never read', () => {
    const cells = makeCells({ 'applications.newReceived.business': 5, 'applications.carriedOver.business': 0 });
    expect(checkApplicationBalance(cells)).toEqual([]);
  });
});

const ONE_ROW_RESULTS = [
  'applications.granted.total',
  'applications.partlyGranted.total',
  'applications.withheld.stateSecret.total',
  'applications.withheld.lawProhibited.total',
  'applications.withheld.endangersSecurity.total',
  'applications.withheld.thirdParty.total',
  'applications.withheld.internalAffairs.total',
  'applications.withheld.processInfo.total',
  'applications.withheld.enforcementFile.total',
  'applications.withheld.queryMatter.total',
  'applications.unavailable.notHeld.total',
  'applications.unavailable.needsCreation.total',
  'applications.unavailable.unclear.total',
  'applications.notProcessed.complaint.total',
  'applications.notProcessed.repeated.total',
  'applications.notProcessed.publication.total',
  'applications.notProcessed.excessive.total',
  'applications.notProcessed.confirmation.total',
  'applications.other.total.total',
];

describe('applications.results', () => {
  it('fires per column when the total is not the sum of the result rows (one-row （六）)', () => {
    const values = Object.fromEntries(ONE_ROW_RESULTS.map((id) => [id, 0]));
    const cells = makeCells({
      ...values,
      'applications.granted.total': 7,
      'applications.other.total.total': 2,
      'applications.total.total': 10,
    });
    const issues = checkApplicationResults(cells);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      rule: 'applications.results',
      severity: 'error',
      cells: ['applications.total.total', ...ONE_ROW_RESULTS],
    });
    expect(issues[0]!.message).toContain('总计: 办理结果总计 10 ≠ 7 + 0 +');
    expect(issues[0]!.message).toMatch(/= 9$/);
  });

  it('sums the three-row form of （六） when the report prints it', () => {
    const three = [
      'applications.other.noCorrection.naturalPerson',
      'applications.other.unpaidFee.naturalPerson',
      'applications.other.misc.naturalPerson',
    ];
    const cells = makeCells({
      'applications.granted.naturalPerson': 1,
      [three[0]!]: 1,
      [three[1]!]: 1,
      [three[2]!]: 1,
      'applications.total.naturalPerson': 3,
    });
    expect(otherFormOf(cells)).toBe('threeRows');
    const issues = checkApplicationResults(cells);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.cells).toEqual(expect.arrayContaining(three));
    expect(issues[0]!.cells).not.toContain('applications.other.total.naturalPerson');
    expect(issues[0]!.cells).toHaveLength(1 + 18 + 3);
    expect(issues[0]!.message).toContain('自然人: 办理结果总计 3 ≠ 1 + 缺 +');
    expect(issues[0]!.message).toMatch(/= 4$/);
  });

  it('holds when the result rows add up', () => {
    const cells = makeCells({
      'applications.granted.total': 7,
      'applications.partlyGranted.total': 1,
      'applications.unavailable.notHeld.total': 7,
      'applications.other.total.total': null,
      'applications.total.total': 15,
    });
    expect(otherFormOf(cells)).toBe('oneRow');
    expect(checkApplicationResults(cells)).toEqual([]);
  });
});

describe('applications.rowSum', () => {
  const row = (r: string, values: (number | null)[]) =>
    Object.fromEntries(
      ['naturalPerson', 'business', 'research', 'nonprofit', 'legalService', 'otherOrg', 'total'].map((c, i) => [
        `applications.${r}.${c}`,
        values[i]!,
      ]),
    );

  it('fires per row when the total column is not the sum of the six applicant columns', () => {
    const issues = checkApplicationRowSums(makeCells(row('withheld.stateSecret', [1, 2, 0, 0, 0, 0, 4])));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      rule: 'applications.rowSum',
      severity: 'error',
      cells: [
        'applications.withheld.stateSecret.total',
        'applications.withheld.stateSecret.naturalPerson',
        'applications.withheld.stateSecret.business',
        'applications.withheld.stateSecret.research',
        'applications.withheld.stateSecret.nonprofit',
        'applications.withheld.stateSecret.legalService',
        'applications.withheld.stateSecret.otherOrg',
      ],
    });
    expect(issues[0]!.message).toContain('属于国家秘密: 总计 4 ≠ 1 + 2 + 0 + 0 + 0 + 0 = 3');
  });

  it('holds when rows add up, blanks counting as 0', () => {
    expect(
      checkApplicationRowSums(
        makeCells({ ...row('newReceived', [21, null, null, 0, 0, 0, 21]), ...row('granted', [3, 1, 0, 0, 0, 1, 5]) }),
      ),
    ).toEqual([]);
  });
});

describe('applications, whole table', () => {
  it('a consistent report of the 2021 era raises nothing', () => {
    const values = zeroValues('2021', {
      'applications.newReceived.naturalPerson': 3,
      'applications.newReceived.business': 1,
      'applications.newReceived.total': 4,
      'applications.granted.naturalPerson': 2,
      'applications.granted.total': 2,
      'applications.other.misc.business': 1,
      'applications.other.misc.total': 1,
      'applications.carriedForward.naturalPerson': 1,
      'applications.carriedForward.total': 1,
      'applications.total.naturalPerson': 2,
      'applications.total.business': 1,
      'applications.total.total': 3,
    });
    expect(validate({ meta: makeMeta(), cells: makeCells(values) })).toEqual([]);
  });

  it('one misprinted cell breaks each relation it is part of, once', () => {
    const values = zeroValues('2021', {
      'applications.newReceived.naturalPerson': 1,
      'applications.newReceived.total': 1,
      'applications.granted.naturalPerson': 1,
      'applications.granted.total': 1,
      'applications.total.naturalPerson': 1,
      'applications.total.total': 2,
    });
    const issues = validate({ meta: makeMeta(), cells: makeCells(values) });
    expect(rulesOf(issues)).toEqual(['applications.balance', 'applications.results', 'applications.rowSum']);
    expect(issues).toHaveLength(3);
  });
});
