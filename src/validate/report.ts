/** report.* — the record as a whole: its tables (structure), template era and signing date. */
import { cellId, cellIdsForEra, parseCellId } from '../schema/cells.js';
import type { Cell, Cells, Meta, ValidationIssue } from '../schema/record.js';
import {
  TEMPLATES,
  expectedEra,
  type Era,
  type RowDef,
  type TableId,
  type TableTemplate,
} from '../schema/templates/index.js';
import { otherFormOf } from './applications.js';
import { isPresent } from './cellValues.js';
import { issue } from './rules.js';

export { expectedEra } from '../schema/templates/index.js';

/** How many missing ids a message names before it says "…" (the issue's cells list them all). */
const IDS_IN_MESSAGE = 8;

function tableHasAnyCell(cells: Cells, table: TableId): boolean {
  return Object.keys(cells).some((id) => id.startsWith(`${table}.`));
}

/** A cell printed but not readable: kept empty at confidence 0 (a printed blank is sure). */
function isUnreadable(cell: Cell | undefined): boolean {
  return !!cell && cell.value === null && cell.confidence === 0;
}

/** Rows with the same columns form a block, as the disclosure table's 第二十条 items do. */
function blocksOf(rows: readonly RowDef[]): RowDef[][] {
  const blocks: RowDef[][] = [];
  for (const row of rows) {
    const last = blocks[blocks.length - 1];
    if (last && last[0]!.columns.join() === row.columns.join()) last.push(row);
    else blocks.push([row]);
  }
  return blocks;
}

/**
 * The ids a table requires, given what the record holds (see PrintedPolicy): every id of the
 * template; or every row with the columns printed in its block (a block with no cell read
 * requires its own columns, and those it shares with other blocks where they print them:
 * putian-city-2019's 行政事业性收费 prints neither 上一年项目数量 nor 本年增/减, and no other block
 * of its table does); or the rows printed. A block with a cell not readable requires all its columns.
 */
function requiredIds(era: Era, table: TableTemplate, cells: Cells): string[] {
  const ids = cellIdsForEra(era, { otherForm: otherFormOf(cells) }).filter((id) => parseCellId(id).table === table.id);
  if (table.printed === 'all') return ids;
  if (table.printed === 'rowsAsPrinted') return ids.filter((id) => isPresent(cells, id));
  const has = (rows: readonly RowDef[], column: string): boolean =>
    rows.some((r) => isPresent(cells, cellId(table.id, r.id, column)));
  const out: string[] = [];
  const blocks = blocksOf(table.rows);
  // A cell printed but not readable (value null at confidence 0: 1 80万元, two cells OCR read as
  // one) may hold the block's other columns: they are required too, so none is lost unnamed.
  const unread = (rows: readonly RowDef[]): boolean =>
    rows.some((r) => r.columns.some((c) => isUnreadable(cells[cellId(table.id, r.id, c)])));
  for (const block of blocks) {
    const columns = block[0]!.columns;
    const elsewhere = (c: string): boolean => blocks.some((b) => b !== block && b[0]!.columns.includes(c));
    const printed = unread(block)
      ? [...columns]
      : columns.some((c) => has(block, c))
        ? columns.filter((c) => has(block, c))
        : columns.filter((c) => !elsewhere(c) || has(table.rows, c));
    for (const row of block) for (const c of printed) out.push(cellId(table.id, row.id, c));
  }
  return out;
}

/** The ids a table's template prints, to name a table that is missing altogether (the old table: its national rows). */
function templateIds(table: TableTemplate): string[] {
  return table.rows.filter((r) => !r.provincial).flatMap((r) => r.columns.map((c) => cellId(table.id, r.id, c)));
}

/**
 * report.structure: no era (no table of any template found); or, for the era, a required table
 * with no cell at all (one issue), or required cells absent (one issue per table listing them);
 * or cells printed but not readable (a text-layer value at confidence 0: text where a number
 * belongs). A cell present with value null and confidence 1 is a printed blank, not a defect.
 */
export function checkStructure(meta: Meta, cells: Cells): ValidationIssue[] {
  if (meta.era === null)
    return [issue('report.structure', [], '未找到任何模板的表格 (no table of any template era was found)')];
  const issues: ValidationIssue[] = [];
  for (const table of TEMPLATES[meta.era].tables) {
    const title = `${table.id}（${table.title}）`;
    if (!tableHasAnyCell(cells, table.id)) {
      const ids =
        table.id === 'applications'
          ? cellIdsForEra(meta.era, { otherForm: otherFormOf(cells) }).filter((id) => id.startsWith('applications.'))
          : templateIds(table);
      issues.push(issue('report.structure', ids, `缺少 ${meta.era} 模板要求的表格 ${title}`));
      continue;
    }
    const ids = requiredIds(meta.era, table, cells);
    const missing = ids.filter((id) => !isPresent(cells, id));
    if (missing.length === 0) continue;
    const named = missing.slice(0, IDS_IN_MESSAGE).join(', ') + (missing.length > IDS_IN_MESSAGE ? ', …' : '');
    issues.push(
      issue('report.structure', missing, `表格 ${title} 缺少 ${missing.length} / ${ids.length} 个单元格: ${named}`),
    );
  }
  const unread = Object.entries(cells).filter(([, c]) => c.source === 'text' && isUnreadable(c));
  if (unread.length > 0) {
    const named =
      unread
        .slice(0, IDS_IN_MESSAGE)
        .map(([id, c]) => `${id} "${c.raw}"`)
        .join(', ') + (unread.length > IDS_IN_MESSAGE ? ', …' : '');
    issues.push(
      issue(
        'report.structure',
        unread.map(([id]) => id),
        `${unread.length} 个单元格印有内容但无法读作数值: ${named}`,
      ),
    );
  }
  return issues;
}

/** report.era: the template does not fit the report's year. */
export function checkEra(meta: Meta): ValidationIssue[] {
  if (meta.year === null || meta.era === null) return [];
  const expected = expectedEra(meta.year);
  if (meta.era === expected) return [];
  return [
    issue('report.era', [], `${meta.year} 年度报告使用了 ${meta.era} 模板（${meta.year} 年应为 ${expected} 模板）`),
  ];
}

/** report.published: signed later than 31 January of the following year (条例 第五十条). */
export function checkPublished(meta: Meta): ValidationIssue[] {
  if (meta.year === null || meta.publishedOn === null) return [];
  const deadline = `${meta.year + 1}-01-31`;
  if (meta.publishedOn <= deadline) return [];
  return [
    issue(
      'report.published',
      [],
      `落款日期 ${meta.publishedOn} 晚于 ${deadline}（${meta.year} 年度报告应于次年 1 月 31 日前公布）`,
    ),
  ];
}
