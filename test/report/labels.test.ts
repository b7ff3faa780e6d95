import { describe, expect, it } from 'vitest';
import { APPLICATION_COLUMNS, APPLICATION_ROWS, DISCLOSURE_ROWS, LEGACY_ROWS } from '../../src/schema/cells.js';
import { labelSimilarity, matchLabel, normaliseLabel } from '../../src/extractors/report/labels.js';

const rowOf = (label: string): string | undefined => matchLabel(label, APPLICATION_ROWS)?.def.id;

describe('normaliseLabel', () => {
  it('drops numbering, spaces, remarks and punctuation', () => {
    expect(normaliseLabel('（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toBe('部分公开');
    expect(normaliseLabel('5.要求行政机关确认或重 新出具已获取信息')).toBe('要求行政机关确认或重新出具已获取信息');
    expect(normaliseLabel('3.危及“三安全一稳定”')).toBe('危及三安全一稳定');
    expect(normaliseLabel('一、本年新收政府信息公开申请数量')).toBe('本年新收政府信息公开申请数量');
    expect(normaliseLabel('总 计')).toBe('总计');
    expect(normaliseLabel('本年收费金额（单位：万元）')).toBe('本年收费金额');
  });

  it('drops numbering and remarks whose brackets OCR read as { 〈 [', () => {
    expect(normaliseLabel('{七)总计')).toBe('总计');
    expect(normaliseLabel('〈三〉不予公开')).toBe('不予公开');
    expect(normaliseLabel('{二)部分公开{区分处理的，只计这一情形，不计其他情形)')).toBe('部分公开');
  });
});

describe('matchLabel', () => {
  it('matches labels with typos and omissions', () => {
    expect(rowOf('2.其他法律行政止公开')).toBe('withheld.lawProhibited');
    expect(rowOf('4.无正当理由由大量反复申请')).toBe('notProcessed.excessive');
    expect(rowOf('2.其他法律法规禁止公开')).toBe('withheld.lawProhibited');
  });

  it('tells the one-row （六）其他处理 from the three-row 3.其他', () => {
    expect(rowOf('（六）其他处理')).toBe('other.total');
    expect(rowOf('3.其他')).toBe('other.misc');
    expect(rowOf('1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请')).toBe('other.noCorrection');
    expect(rowOf('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请')).toBe('other.unpaidFee');
  });

  it('matches renamed columns and rows', () => {
    expect(matchLabel('社会组织', APPLICATION_COLUMNS)?.def.id).toBe('nonprofit');
    expect(matchLabel('社会公益组织', APPLICATION_COLUMNS)?.def.id).toBe('nonprofit');
    expect(matchLabel('规范性文件', DISCLOSURE_ROWS['2021'])?.def.id).toBe('normativeDocs');
    expect(matchLabel('行政规范性文件', DISCLOSURE_ROWS['2019'])?.def.id).toBe('normativeDocs');
  });

  it('matches nothing for unrelated text', () => {
    expect(rowOf('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）')).toBeUndefined();
    expect(matchLabel('申请人情况', APPLICATION_COLUMNS)).toBeNull();
    expect(matchLabel('', APPLICATION_COLUMNS)).toBeNull();
  });

  it('matches legacy rows with their remarks and 其中 prefixes', () => {
    expect(matchLabel('(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)', LEGACY_ROWS)?.def.id).toBe(
      'proactive.total',
    );
    expect(matchLabel('其中: 主要负责同志参加新闻发布会次数', LEGACY_ROWS)?.def.id).toBe(
      'response.pressConferencesByHead',
    );
    expect(matchLabel('1. 专职人员数（不包括政府公报及政府网站工作人员数）', LEGACY_ROWS)?.def.id).toBe('org.fullTime');
  });
});

describe('labelSimilarity', () => {
  it('is 1 for equal labels and lower for partial overlap', () => {
    expect(labelSimilarity('重复申请', '重复申请')).toBe(1);
    expect(labelSimilarity('其他', '其他处理')).toBeCloseTo(2 / 3);
    expect(labelSimilarity('', '其他')).toBe(0);
  });
});

describe('labelSimilarity with trailing explanations', () => {
  it('matches a template label followed by an explanation that lost its brackets', () => {
    expect(labelSimilarity('本年收费金额单位万元保留4位小数', '本年收费金额')).toBeGreaterThan(0.9);
    expect(labelSimilarity('其他处理', '其他')).toBeCloseTo(2 / 3);
  });
});
