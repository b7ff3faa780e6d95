import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { HEADER_BREAK_HEADER, headerBreakPdf, type HeaderBreakOptions } from '../helpers/headerBreakPdf.js';

/** What the generated table prints in its 2013年度 column (the 历年累计 column beside it must never be read). */
const EXPECTED = {
  'legacy.proactive.total.value': 0,
  'legacy.channel.website.value': 2488,
  'legacy.requests.received.value': 170,
  'legacy.requests.inPerson.value': 143,
  'legacy.requests.online.value': 18,
  'legacy.requests.letter.value': 9,
  'legacy.review.total.value': 1,
};

const variants: Array<[string, HeaderBreakOptions]> = [
  ['2013年 / 度 split, ruled at the break', { closeAtBreak: true }],
  ['2013年 / 度 split, open at the break', { closeAtBreak: false }],
  [
    '年末 / 统计 split (no digit before the break), ruled',
    {
      closeAtBreak: true,
      header: [
        ['指标', '名称'],
        ['计量', '单位'],
        ['年末', '统计'],
        ['历年', '累计'],
      ],
    },
  ],
  [
    '统计 / 数 split, ruled',
    {
      closeAtBreak: true,
      header: [
        ['统计', '指标'],
        ['单', '位'],
        ['统计', '数'],
        ['历年', '累计'],
      ],
    },
  ],
];

/** A table that breaks across a page INSIDE its header: the value row at the top of the next page keeps its digits. */
describe('old table breaking inside its header (generated PDF)', () => {
  for (const [name, options] of variants) {
    it(`${name}: the first value row's printed 0 is read as 0, every value from the current column`, async () => {
      const { record } = await extractReport(new Uint8Array(await headerBreakPdf(options)), {
        fileName: 'header-break.pdf',
      });
      expect(record.meta).toMatchObject({ year: 2013, era: '2008', agency: '某某县统计局' });
      const got = Object.fromEntries(Object.entries(record.cells).map(([id, c]) => [id, c.value]));
      expect(got).toEqual(EXPECTED);
      // A printed 0 is a 0, not a blank: its raw text and its place on page 2 are kept.
      expect(record.cells['legacy.proactive.total.value']).toMatchObject({
        value: 0,
        raw: '0',
        page: 2,
        unit: '条',
        confidence: 1,
      });
      expect(record.validation.status).toBe('passed');
    });
  }

  it('the header really breaks: its first line on page 1, its second on page 2', async () => {
    const { pages } = await extractReport(new Uint8Array(await headerBreakPdf({ closeAtBreak: true })));
    const onPage = (n: number): string[] => pages[n - 1]!.words.map((w) => w.text);
    for (const [first, second] of HEADER_BREAK_HEADER) {
      expect(onPage(1).join('')).toContain(first);
      expect(onPage(2).join('')).toContain(second);
    }
    expect(onPage(2).join('')).toContain('主动公开文件数');
  });
});
