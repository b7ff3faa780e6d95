/**
 * What each validation rule is called, for people: a Chinese name and a one-line explanation,
 * and the same in English. The one place these words are defined — the review UI, the API
 * (`title` on each issue of GET /api/reports/:id) and the exports all take them from here.
 * The terms are the templates' (src/schema/templates/): 申请人情况, 办理结果, 结转下年度继续办理 …
 */
import { RULES, type RuleId } from './rules.js';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

export interface RuleTitle {
  /** Short name: 申请情况表：各类申请人之和与总计不符. */
  name: string;
  /** One line: what the rule checks. */
  explanation: string;
}

export const RULE_TITLES: Readonly<Record<RuleId, Readonly<Record<Language, RuleTitle>>>> = {
  'applications.balance': {
    zh: {
      name: '申请情况表：收支不平衡',
      explanation: '本年新收 + 上年结转 应等于 办理结果总计 + 结转下年度继续办理。',
    },
    en: {
      name: 'Applications table: intake and outcome do not balance',
      explanation: 'New this year + carried over should equal the total of outcomes + carried forward to next year.',
    },
  },
  'applications.results': {
    zh: {
      name: '申请情况表：办理结果各项之和与总计不符',
      explanation: '三、本年度办理结果中（一）至（六）各项之和应等于（七）总计。',
    },
    en: {
      name: 'Applications table: outcomes do not add up to their total',
      explanation: 'The outcomes (1) to (6) should add up to (7) the total.',
    },
  },
  'applications.rowSum': {
    zh: {
      name: '申请情况表：各类申请人之和与总计不符',
      explanation: '每一行中自然人、法人或其他组织各列之和应等于总计列。',
    },
    en: {
      name: 'Applications table: applicant columns do not add up to the total',
      explanation: 'In each row, natural persons plus the kinds of organisations should equal the total column.',
    },
  },
  'appeals.total': {
    zh: {
      name: '复议诉讼表：各项结果之和与总计不符',
      explanation: '行政复议、行政诉讼的结果维持、结果纠正、其他结果、尚未审结之和应等于总计。',
    },
    en: {
      name: 'Appeals table: results do not add up to the total',
      explanation: 'Upheld, corrected, other results and pending should add up to the total, for reviews and suits.',
    },
  },
  'legacy.sums': {
    zh: {
      name: '统计表：分项之和与合计不符',
      explanation: '政府信息公开情况统计表中各渠道、各答复类型之和应等于其合计。',
    },
    en: {
      name: 'Statistics table: parts do not add up to their total',
      explanation: 'In the old statistics table, the channels and kinds of reply should add up to their totals.',
    },
  },
  'report.structure': {
    zh: {
      name: '报告结构：缺少模板要求的表格或单元格',
      explanation: '模板要求印出的表格、行、列应当都在，且印有内容的单元格应能读出数值。',
    },
    en: {
      name: 'Report structure: tables or cells the template requires are missing',
      explanation:
        'Every table, row and column the template requires should be printed, and every printed cell readable.',
    },
  },
  'extraction.confidence': {
    zh: { name: '识别可信度低', explanation: '扫描件上识别（OCR）的数值可信度低于阈值，需人工核对。' },
    en: {
      name: 'Low recognition confidence',
      explanation: 'A value read from a scan (OCR) is below the confidence threshold and needs checking by a person.',
    },
  },
  'report.era': {
    zh: { name: '模板与年度不符', explanation: '报告使用的模板（2008、2019 或 2021 版）与其年度应使用的不一致。' },
    en: {
      name: 'Template does not fit the year',
      explanation: 'The template the report uses (2008, 2019 or 2021) is not the one for its year.',
    },
  },
  'report.published': {
    zh: { name: '发布日期晚于规定', explanation: '年度报告应在次年 1 月 31 日前公布。' },
    en: { name: 'Published late', explanation: 'The annual report is due by 31 January of the following year.' },
  },
  'text.consistency': {
    zh: { name: '正文与表格数字不一致', explanation: '正文中写明的总数（如收到申请件数）与表格中的数值不同。' },
    en: {
      name: 'Prose and table disagree',
      explanation: 'A total stated in the prose (such as the applications received) differs from the table.',
    },
  },
  'text.reuse': {
    zh: {
      name: '正文与上年报告高度重复',
      explanation: '正文中与同一机关上一年度报告（或同年其他机关报告）重复的比例超过阈值。',
    },
    en: {
      name: 'Prose largely repeats last year’s report',
      explanation:
        'The share of the prose repeating the same agency’s previous report (or another agency’s of the same year) ' +
        'is above the threshold.',
    },
  },
  'archive.carryOver': {
    zh: {
      name: '跨年：上年结转与上年报告的结转下年度继续办理不符',
      explanation: '本年“上年结转政府信息公开申请数量”应等于上年报告的“结转下年度继续办理”。',
    },
    en: {
      name: 'Across years: carried over does not match last year’s carried forward',
      explanation:
        'This year’s applications carried over should equal last year’s report’s carried forward to next year.',
    },
  },
  'archive.inForce': {
    zh: {
      name: '跨年：现行有效件数与上年不衔接',
      explanation: '现行有效件数应等于上年现行有效件数 + 本年制发件数 − 本年废止件数。',
    },
    en: {
      name: 'Across years: documents in force do not follow from last year',
      explanation: 'Documents in force should equal last year’s in force + issued this year − repealed this year.',
    },
  },
  'value.range': {
    zh: { name: '数值超出合理范围', explanation: '数值为负数、非整数件数或大得不合理。' },
    en: {
      name: 'Implausible value',
      explanation: 'A value is negative, a count that is not whole, or implausibly large.',
    },
  },
};

function isRule(rule: string): rule is RuleId {
  return Object.hasOwn(RULES, rule);
}

/** The rule's title in the language; an unknown id (an old record) is its own name. */
export function ruleTitle(rule: string, language: Language = 'zh'): RuleTitle {
  return isRule(rule) ? RULE_TITLES[rule][language] : { name: rule, explanation: '' };
}

/** The title as one line: 名称 — 说明. */
export function ruleLine(rule: string, language: Language = 'zh'): string {
  const t = ruleTitle(rule, language);
  return t.explanation ? `${t.name}（${t.explanation}）` : t.name;
}

/** An issue with its rule's title in both languages, as the API and the exports give it. */
export function withTitle<T extends { rule: string }>(issue: T): T & { title: Record<Language, RuleTitle> } {
  return { ...issue, title: { zh: ruleTitle(issue.rule, 'zh'), en: ruleTitle(issue.rule, 'en') } };
}
