/**
 * Which template a report follows, from its table headers (the year only breaks a tie), and
 * which of our tables a printed table is.
 */
import type { Era } from '../../schema/cells.js';
import { normaliseLabel } from './labels.js';

export type TableKind = 'disclosure' | 'applications' | 'appeals' | 'legacy';

const KIND_MARKERS: Record<TableKind, readonly string[]> = {
  applications: ['自然人', '商业企业', '科研机构', '申请人情况', '本年新收政府信息公开申请数量', '上年结转政府信息公开申请数量', '予以公开', '结转下年度继续办理'],
  appeals: ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '尚未审结'],
  disclosure: ['信息内容', '规章', '行政规范性文件', '规范性文件', '行政许可', '行政处罚', '行政强制', '行政事业性收费', '处理决定数量'],
  legacy: ['统计指标', '统计数', '主动公开政府信息数', '收到申请数', '申请办结数', '行政复议数量', '举报投诉数量'],
};

/** The kind whose markers a table's texts contain most; null below two markers. */
export function classifyTable(texts: readonly string[]): TableKind | null {
  const norm = texts.map(normaliseLabel);
  let best: TableKind | null = null;
  let bestScore = 1;
  for (const kind of Object.keys(KIND_MARKERS) as TableKind[]) {
    const score = KIND_MARKERS[kind].filter((m) => norm.some((t) => t.includes(m))).length;
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
}

const ERA_MARKERS: Record<Era, readonly string[]> = {
  '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额'],
  '2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '采购项目数量'],
  '2008': ['统计指标', '统计数'],
};

/** Era from header texts of all tables; null when no template's markers are present. */
export function detectEra(texts: readonly string[], year: number | null): Era | null {
  const norm = texts.map(normaliseLabel);
  const score = (era: Era): number => ERA_MARKERS[era].filter((m) => norm.some((t) => t.includes(m))).length;
  const scores = (['2021', '2019', '2008'] as const).map((era) => [era, score(era)] as const).sort((a, b) => b[1] - a[1]);
  if (scores[0]![1] > 0 && scores[0]![1] > scores[1]![1]) return scores[0]![0];
  // No disclosure header to tell 2019 from 2021: the application table, or the appeals table,
  // alone fits both; the legacy template has neither.
  if (norm.some((t) => t.includes('本年新收政府信息公开申请数量') || t.includes('未经复议直接起诉'))) return year !== null && year < 2021 ? '2019' : '2021';
  return null;
}
