import { describe, expect, it } from 'vitest';
import { checkLegacySums } from '../../src/validate/legacy.js';
import { makeCells } from './helpers.js';

const legacy = (values: Record<string, number | null>) =>
  makeCells(Object.fromEntries(Object.entries(values).map(([row, v]) => [`legacy.${row}.value`, v])));

/** The 2018 沙坡头区司法局 table (seeds/shapotou-justice-2018.txt), sums that hold. */
const SHAPOTOU = {
  'requests.received': 0,
  'requests.inPerson': 0,
  'requests.fax': 0,
  'requests.online': 0,
  'requests.letter': 0,
  'requests.completed': 0,
  'requests.onTime': 0,
  'requests.extended': 0,
  'review.total': 0,
  'review.upheld': 0,
  'review.corrected': 0,
  'review.other': 0,
  'suit.total': 0,
  'suit.upheld': 0,
  'suit.corrected': 0,
  'suit.other': 0,
  'org.staff': 15,
  'org.fullTime': 0,
  'org.partTime': 15,
};

describe('legacy.sums', () => {
  it('holds for a table whose sums work', () => {
    expect(checkLegacySums(legacy(SHAPOTOU))).toEqual([]);
  });

  it('fires once per failing sum, naming total and parts', () => {
    const issues = checkLegacySums(
      legacy({
        ...SHAPOTOU,
        'requests.received': 10,
        'requests.inPerson': 2,
        'requests.fax': 3,
        'requests.online': 4,
        'requests.letter': null,
        'requests.completed': 5,
        'requests.onTime': 4,
        'review.total': 1,
        'suit.other': 2,
        'org.staff': 16,
      }),
    );
    expect(issues.map((i) => [i.rule, i.severity, i.cells])).toEqual([
      [
        'legacy.sums',
        'error',
        [
          'legacy.requests.received.value',
          'legacy.requests.inPerson.value',
          'legacy.requests.fax.value',
          'legacy.requests.online.value',
          'legacy.requests.letter.value',
        ],
      ],
      [
        'legacy.sums',
        'error',
        ['legacy.requests.completed.value', 'legacy.requests.onTime.value', 'legacy.requests.extended.value'],
      ],
      [
        'legacy.sums',
        'error',
        [
          'legacy.review.total.value',
          'legacy.review.upheld.value',
          'legacy.review.corrected.value',
          'legacy.review.other.value',
        ],
      ],
      [
        'legacy.sums',
        'error',
        [
          'legacy.suit.total.value',
          'legacy.suit.upheld.value',
          'legacy.suit.corrected.value',
          'legacy.suit.other.value',
        ],
      ],
      ['legacy.sums', 'error', ['legacy.org.staff.value', 'legacy.org.fullTime.value', 'legacy.org.partTime.value']],
    ]);
    expect(issues[0]!.message).toContain('收到申请数 10 ≠ 2 + 3 + 4 + 空 = 9');
    expect(issues[1]!.message).toContain('申请办结数 5 ≠ 4 + 0 = 4');
    expect(issues[4]!.message).toContain('从事政府信息公开工作人员数 16 ≠ 0 + 15 = 15');
  });

  it('does not apply when the total was never read', () => {
    expect(checkLegacySums(legacy({ 'org.fullTime': 1, 'org.partTime': 2 }))).toEqual([]);
  });
});

describe('legacy.sums over the channels a provincial form prints', () => {
  it('adds up six channels (Fujian 2008) and three (Fujian 2013)', () => {
    const six = {
      'requests.received': 100,
      'requests.inPerson': 55,
      'requests.fax': 0,
      'requests.email': 10,
      'requests.online': 24,
      'requests.letter': 11,
      'requests.otherForm': 0,
    };
    expect(checkLegacySums(legacy(six))).toEqual([]);
    expect(
      checkLegacySums(
        legacy({ 'requests.received': 170, 'requests.inPerson': 143, 'requests.online': 18, 'requests.letter': 9 }),
      ),
    ).toEqual([]);
  });

  it('names only the channels printed, and fires when they do not add up', () => {
    const issues = checkLegacySums(
      legacy({ 'requests.received': 100, 'requests.inPerson': 55, 'requests.email': 10, 'requests.online': 24 }),
    );
    expect(issues.map((i) => i.cells)).toEqual([
      [
        'legacy.requests.received.value',
        'legacy.requests.inPerson.value',
        'legacy.requests.email.value',
        'legacy.requests.online.value',
      ],
    ]);
    expect(issues[0]!.message).toContain('收到申请数 100 ≠ 55 + 10 + 24 = 89');
    expect(issues[0]!.message).toContain('电子邮件申请数');
  });
});
