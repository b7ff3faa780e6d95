/** report.* — the record as a whole: its tables (structure), template era and signing date. */
import { cellIdsForEra, parseCellId, type Era, type TableId } from '../schema/cells.js';
import type { Cells, Meta, ValidationIssue } from '../schema/record.js';
import { otherFormOf } from './applications.js';
import { isPresent } from './cellValues.js';
import { issue } from './rules.js';

const TABLE_TITLES: Record<TableId, string> = {
  disclosure: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  appeals: '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况',
  legacy: '政府信息公开情况统计表',
};

/** How many missing ids a message names before it says "…" (the issue's cells list them all). */
const IDS_IN_MESSAGE = 8;

/** The cell ids the era requires, per table, in template order. */
function requiredIdsByTable(era: Era, cells: Cells): Map<TableId, string[]> {
  const byTable = new Map<TableId, string[]>();
  for (const id of cellIdsForEra(era, { otherForm: otherFormOf(cells) })) {
    const { table } = parseCellId(id);
    byTable.set(table, [...(byTable.get(table) ?? []), id]);
  }
  return byTable;
}

function tableHasAnyCell(cells: Cells, table: TableId): boolean {
  return Object.keys(cells).some((id) => id.startsWith(`${table}.`));
}

/**
 * report.structure: no era (no table of any template found); or, for the era, a required table
 * with no cell at all (one issue), or required cells absent (one issue per table listing them).
 * A cell present with value null is a printed blank, not a missing cell.
 */
export function checkStructure(meta: Meta, cells: Cells): ValidationIssue[] {
  if (meta.era === null) return [issue('report.structure', [], '未找到任何模板的表格 (no table of any template era was found)')];
  const issues: ValidationIssue[] = [];
  for (const [table, ids] of requiredIdsByTable(meta.era, cells)) {
    const title = `${table}（${TABLE_TITLES[table]}）`;
    if (!tableHasAnyCell(cells, table)) {
      issues.push(issue('report.structure', ids, `缺少 ${meta.era} 模板要求的表格 ${title}`));
      continue;
    }
    const missing = ids.filter((id) => !isPresent(cells, id));
    if (missing.length === 0) continue;
    const named = missing.slice(0, IDS_IN_MESSAGE).join(', ') + (missing.length > IDS_IN_MESSAGE ? ', …' : '');
    issues.push(issue('report.structure', missing, `表格 ${title} 缺少 ${missing.length} / ${ids.length} 个单元格: ${named}`));
  }
  return issues;
}

/** The era whose template a report of this year should use. */
export function expectedEra(year: number): Era {
  if (year >= 2021) return '2021';
  if (year >= 2019) return '2019';
  return '2008';
}

/** report.era: the template does not fit the report's year. */
export function checkEra(meta: Meta): ValidationIssue[] {
  if (meta.year === null || meta.era === null) return [];
  const expected = expectedEra(meta.year);
  if (meta.era === expected) return [];
  return [issue('report.era', [], `${meta.year} 年度报告使用了 ${meta.era} 模板（${meta.year} 年应为 ${expected} 模板）`)];
}

/** report.published: signed later than 31 January of the following year (条例 第五十条). */
export function checkPublished(meta: Meta): ValidationIssue[] {
  if (meta.year === null || meta.publishedOn === null) return [];
  const deadline = `${meta.year + 1}-01-31`;
  if (meta.publishedOn <= deadline) return [];
  return [issue('report.published', [], `落款日期 ${meta.publishedOn} 晚于 ${deadline}（${meta.year} 年度报告应于次年 1 月 31 日前公布）`)];
}
