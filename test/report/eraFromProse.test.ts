import { describe, expect, it } from 'vitest';
import { recordFromPages } from '../../src/extractors/pipeline.js';
import type { PageModel, Word } from '../../src/extractors/model.js';

/**
 * OCR lines of putian-city-2008-scan's last page as tesseract read them when the table's faint rules were not
 * found.
 */
const LINES = [
  '莆田市2008年度政府信息公开工作年度报告',
  '(三)附表',
  '指标名计量单位年未统计',
  '主动公开信息数条38954',
  '受理依申请公开信息数条100',
  '其中工当面申请数条',
  '4.网上申请数条24',
  '行政诉讼数件0',
  '行政申诉数件0',
];

function page(lines: readonly string[]): PageModel {
  const words: Word[] = lines.map((text, i) => ({
    text,
    bbox: [72, 72 + i * 24, 72 + text.length * 12, 86 + i * 24],
    fontSize: 12,
    confidence: 0.9,
    source: 'ocr',
  }));
  return { page: 1, width: 595, height: 842, words, segments: [], imageCoverage: 1, textQuality: 'ok', source: 'ocr' };
}

describe('era from the prose, when a table’s words were read but its grid was not', () => {
  it(
    'knows the old table by its header and rows in the prose: era 2008, and report.structure names the missing ' +
      'table',
    () => {
      const { record } = recordFromPages([page(LINES)], { file: 'x.pdf', sha256: '0'.repeat(64) });
      expect(record.meta).toMatchObject({ year: 2008, era: '2008' });
      expect(record.cells).toEqual({});
      expect(record.validation.issues.map((i) => i.rule)).toEqual(['report.structure']);
      expect(record.validation.issues[0]!.message).toContain('legacy');
    },
  );

  it('finds no era in prose that only talks about the figures', () => {
    const { record } = recordFromPages(
      [page(['某县2015年度政府信息公开工作年度报告', '本年度共受理政府信息公开申请12件，统计数据截至12月31日。'])],
      { file: 'x.pdf', sha256: '0'.repeat(64) },
    );
    expect(record.meta.era).toBeNull();
  });
});
