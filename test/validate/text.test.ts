import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTextConsistency, normaliseProse, statedNumbers } from '../../src/validate/text.js';
import { SHARED } from '../helpers/shared.js';
import { makeCells, makeMeta } from './helpers.js';

const NEW = 'applications.newReceived.total';
const LEGACY_RECEIVED = 'legacy.requests.received.value';
const PROACTIVE = 'legacy.proactive.total.value';

const values = (text: string, era: '2008' | '2019' | '2021' = '2021') =>
  statedNumbers(text, era).map((s) => [s.cellId, s.value]);

describe('statedNumbers: sentences of real reports that state a key total', () => {
  it('reads application counts', () => {
    // 淮安市洪泽区 2023 (corpus), as pdf text: broken over lines, spaces around the number.
    expect(values('依申请公开受理渠。2023 年全区受理政府信息公开申请 21 件，\n均在法定期限答复。')).toEqual([
      [NEW, 21],
    ]);
    // 卫辉市司法局 2021 (seeds/weihui-justice-2021.txt).
    expect(
      values('(二)依申请公开。今年以来共接收依申请公开0件。未发生因信息公开工作被行政复议或行政诉讼的情况。'),
    ).toEqual([[NEW, 0]]);
    // The spec's own example; and a thousands separator and full-width digits.
    expect(values('全年共受理申请3119件，均按期答复。')).toEqual([[NEW, 3119]]);
    expect(values('共收到政府信息公开申请共计 1,204 件')).toEqual([[NEW, 1204]]);
    expect(values('本年新收政府信息公开申请１２件。')).toEqual([[NEW, 12]]);
    // Era 2008: the same statement is about 收到申请数.
    expect(values('2015年共收到政府信息公开申请5件。', '2008')).toEqual([[LEGACY_RECEIVED, 5]]);
  });

  it('reads the proactive total in era 2008', () => {
    // 沙坡头区司法局 2018 (seeds/shapotou-justice-2018.txt).
    expect(values('2018年，沙坡头区司法局主动公开政府信息共247条。', '2008')).toEqual([[PROACTIVE, 247]]);
    // 卫辉市司法局 2021, 红寺堡区司法局 2022 (line broken inside the keyword).
    expect(values('2021年，我局主动公开政府信息413条。通过市政府网站公开信息4条', '2008')).toEqual([[PROACTIVE, 413]]);
    expect(values('2022年主动公开政府\n信息50条，其中，部门动态31条', '2008')).toEqual([[PROACTIVE, 50]]);
    // Eras 2019 and 2021 have no cell for it.
    expect(values('2021年，我局主动公开政府信息413条。', '2021')).toEqual([]);
  });
});

describe('statedNumbers: sentences that must not be read as a key total', () => {
  it.each([
    // 洪泽区 2023: a proactive count, not an application count; and only the website channel.
    ['2023 年，我区在政\n府网站平台主动公开政府信息 1136 条。', '2008'],
    ['主动公开政府信息 1136 条', '2021'],
    // 平潭 2019: a category of the proactive total.
    ['安全生产、应急管理类信息 124 条，其他应主\n动公开政府信息 856 条)对于主动公开的政府信息', '2008'],
    // 沙坡头 2018: a time limit, a channel, a negation of a narrower kind of request.
    ['政府信息公开保密审查，应当在收到保密审查申请之日起10个工作日内完成。', '2021'],
    ['2018年沙坡头区司法局通过政府网站发布政府信息共247条。', '2008'],
    ['2018年，沙坡头区司法局未收到政府统计信息公开申请。', '2008'],
    // 红寺堡 2022: no number stated.
    [
      '我局没有接到公民、法人及其他社会组织提交的政府信息公开申请，无因政府信息公开申请引起的行政复议、行政诉讼案件。',
      '2021',
    ],
    // Table rows in the joined text, of both eras.
    ['一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0', '2021'],
    ['(一) 收到申请数\t件\t0\n1. 当面申请数\t件\t0', '2008'],
    ['(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)\t条\t247', '2008'],
    // Other kinds of application.
    ['共受理行政复议申请 2 件', '2021'],
    ['受理行政许可申请 3000 件', '2021'],
    ['办理申请户外广告设置许可证 783 条', '2021'],
    ['累计主动公开政府信息 12000 条', '2008'],
  ] as const)('%s', (text, era) => {
    expect(statedNumbers(text, era)).toEqual([]);
  });
});

describe('normaliseProse', () => {
  it('drops whitespace except between digits', () => {
    expect(normaliseProse('2023 年全区受理\n政府信息公开申请 21 件')).toBe('2023年全区受理政府信息公开申请21件');
    expect(normaliseProse('数量 21 0\n0 21')).toBe('数量21 0 0 21');
  });
});

describe('text.consistency', () => {
  const hongze =
    '（二）依申请公开情况。进一步规范依申请公开流程，畅通\n依申请公开受理渠。2023 年全区受理政府信息公开申请 21 件，\n均在法定期限答复。';

  it('fires when the prose contradicts the table', () => {
    const issues = checkTextConsistency(makeMeta(), makeCells({ [NEW]: 20 }), hongze);
    expect(issues).toEqual([
      {
        rule: 'text.consistency',
        severity: 'warning',
        cells: [NEW],
        message: expect.stringContaining('为 21，表格 applications.newReceived.total 为 20'),
      },
    ]);
    expect(issues[0]!.message).toContain('受理政府信息公开申请21件');
  });

  it('fires for the proactive total of era 2008, once per distinct number', () => {
    const text = '2018年，沙坡头区司法局主动公开政府信息共247条。……全年主动公开政府信息247条。';
    const issues = checkTextConsistency(makeMeta({ year: 2018, era: '2008' }), makeCells({ [PROACTIVE]: 240 }), text);
    expect(issues.map((i) => [i.rule, i.severity, i.cells])).toEqual([['text.consistency', 'warning', [PROACTIVE]]]);
    expect(issues[0]!.message).toContain('为 247，表格 legacy.proactive.total.value 为 240');
  });

  it('holds when prose and table agree, a blank cell counting as 0', () => {
    expect(checkTextConsistency(makeMeta(), makeCells({ [NEW]: 21 }), hongze)).toEqual([]);
    expect(checkTextConsistency(makeMeta(), makeCells({ [NEW]: null }), '今年以来共接收依申请公开0件。')).toEqual([]);
  });

  it('does not apply without text, without era, or when the table lacks the cell', () => {
    expect(checkTextConsistency(makeMeta(), makeCells({ [NEW]: 20 }), undefined)).toEqual([]);
    expect(checkTextConsistency(makeMeta({ era: null }), {}, hongze)).toEqual([]);
    expect(
      checkTextConsistency(makeMeta(), makeCells({ 'applications.newReceived.naturalPerson': 20 }), hongze),
    ).toEqual([]);
  });
});

const SEEDS = join(SHARED, 'seeds');

describe.skipIf(!existsSync(SEEDS))(`statedNumbers on the whole seed reports (needs ${SEEDS})`, () => {
  const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

  it.each([
    ['shapotou-justice-2018.txt', '2008', [[PROACTIVE, 247]]],
    ['zhongwei-justice-2020.txt', '2019', []],
    ['weihui-justice-2021.txt', '2021', [[NEW, 0]]],
    ['zhongning-justice-2021.txt', '2021', []],
    ['hongsibu-justice-2022.txt', '2021', []],
  ] as const)('%s (era %s)', (name, era, expected) => {
    expect(values(seed(name), era)).toEqual(expected);
  });
});
