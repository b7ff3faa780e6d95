import { describe, expect, it } from 'vitest';
import type { TextLine } from '../../src/extractors/layout/textLines.js';
import {
  chineseNumber,
  isTitleFurniture,
  parseDates,
  readPeriodYear,
  readPublishedOn,
  readSections,
  readTitle,
} from '../../src/extractors/report/meta.js';

const lines = (page: number, ...texts: string[]): TextLine[] =>
  texts.map((text, i) => ({ page, text, top: i * 20, left: 0, fontSize: 12 }));

describe('meta', () => {
  it('reads agency and year from a title over two lines', () => {
    expect(readTitle(lines(1, '洪泽区人民政府', '2023 年政府信息公开工作年度报告', '本报告由…'))).toEqual({
      agency: '洪泽区人民政府',
      year: 2023,
    });
    expect(readTitle(lines(1, '卫辉市司法局2021年政府信息公开工作年度报告'))).toEqual({
      agency: '卫辉市司法局',
      year: 2021,
    });
    expect(readTitle(lines(1, '关于印发通知'))).toEqual({ agency: null, year: null });
  });

  it('reads a title whose 度 OCR lost (年报告), and one that says 年报', () => {
    // hongze-district-2023 as a 150 dpi black-and-white scan: 洪详区人民政府 / 2023年政府信息公开工作年报告.
    expect(readTitle(lines(1, '洪详区人民政府', '2023年政府信息公开工作年报告')).year).toBe(2023);
    expect(readTitle(lines(1, '某县统计局2020年政府信息公开工作年报'))).toEqual({ agency: '某县统计局', year: 2020 });
  });

  it('skips the lines a web page or a document number puts above the title', () => {
    // putian-city-2008 (as published on its web page) and putian-stats-2020 (a numbered document).
    expect(
      readTitle(lines(1, '发布时间：2009-01-13 17:09来源：市府办', '莆田市2008年度政府信息公开工作年度报告')),
    ).toEqual({ agency: '莆田市', year: 2008 });
    expect(readTitle(lines(1, '莆统〔2021〕2号', '莆田市统计局2020年政府信息公开工作年度报告'))).toEqual({
      agency: '莆田市统计局',
      year: 2020,
    });
    expect(isTitleFurniture('2024-01-20')).toBe(true);
    expect(isTitleFurniture('洪泽区人民政府')).toBe(false);
    expect(isTitleFurniture('2023 年政府信息公开工作年度报告')).toBe(false);
  });

  it('reads dates in digits and in Chinese numerals', () => {
    expect(parseDates('2024 年 1 月 20 日')).toEqual(['2024-01-20']);
    expect(parseDates('二〇二二年一月二十八日')).toEqual(['2022-01-28']);
    expect(parseDates('2022年13月1日')).toEqual([]);
    expect(chineseNumber('三十一')).toBe(31);
    expect(chineseNumber('十二')).toBe(12);
  });

  it('takes the signature date from the closing lines', () => {
    const doc = [
      ...lines(1, '统计期限自 2021 年 1 月 1 日起至 2021 年 12 月 31 日止'),
      ...lines(5, '六、其他需要报告的事项', '无。', '卫辉市司法局', '2022年1月25日'),
    ];
    expect(readPublishedOn(doc)).toBe('2022-01-25');
    expect(readPublishedOn(lines(5, '六、其他需要报告的事项', '无。'))).toBeNull();
  });

  it('reads the statistics period year', () => {
    expect(readPeriodYear('报告中所列数据统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止')).toBe(2023);
  });

  it('lists numbered headings once, not sentences', () => {
    const s = readSections([
      ...lines(1, '一、总体情况', '（一）主动公开。', '二、主动公开政府信息情况'),
      ...lines(2, '一、这是一句很长的正文内容，不是标题。', '三、收到和处理政府信息公开申请情况'),
    ]);
    expect(s).toEqual([
      { no: '一', title: '总体情况', page: 1 },
      { no: '二', title: '主动公开政府信息情况', page: 1 },
      { no: '三', title: '收到和处理政府信息公开申请情况', page: 2 },
    ]);
  });
});

describe('readTitle variants', () => {
  it('reads year-first and 关于 titles', () => {
    expect(readTitle(lines(1, '2023年度洪泽区人民政府政府信息公开工作年度报告'))).toEqual({
      agency: '洪泽区人民政府',
      year: 2023,
    });
    expect(readTitle(lines(1, '中卫市司法局关于2020年政府信息公开工作年度报告'))).toEqual({
      agency: '中卫市司法局',
      year: 2020,
    });
    expect(readTitle(lines(1, '2019年政府信息公开工作年度报告'))).toEqual({ agency: null, year: 2019 });
  });
});
