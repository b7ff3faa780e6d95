/**
 * value.range — values a cell cannot hold: a negative count, a fraction of a count,
 * an absurdly large count. Amounts (万元) may be decimals and large.
 */
import { parseCellId } from '../schema/cells.js';
import type { Cells, Meta, ValidationIssue } from '../schema/record.js';
import { ALL_TABLES, tableOf, type Era, type TableTemplate } from '../schema/templates/index.js';
import { isKnownCellId } from './cellValues.js';
import { issue } from './rules.js';

/** Counts above this are misreads (merged numbers, a year read as a count), not facts. */
export const MAX_COUNT = 1e7;

/** The templates a cell id may belong to: its era's table, or any era's when the era is unknown. */
function templatesOf(id: string, era: Era | null): TableTemplate[] {
  const { table } = parseCellId(id);
  const t = era ? tableOf(era, table) : undefined;
  return t ? [t] : ALL_TABLES.filter((x) => x.id === table);
}

/** Money, as the templates mark it: the disclosure `amount` columns (收费 / 采购金额), the old table's 费用, 减免 and 经费 rows. */
export function isAmount(id: string, era: Era | null = null): boolean {
  const { row, column } = parseCellId(id);
  return templatesOf(id, era).some(
    (t) => t.rows.some((r) => r.id === row && r.amount) || t.columns.some((c) => c.id === column && c.amount),
  );
}

/** A signed change (era 2019's 本年增/减), as the templates mark it. */
export function isSigned(id: string, era: Era | null): boolean {
  if (era === null) return false;
  const { column } = parseCellId(id);
  return templatesOf(id, era).some((t) => t.columns.some((c) => c.id === column && c.signed));
}

function rangeProblems(id: string, value: number, era: Era | null): string[] {
  const problems: string[] = [];
  if (value < 0 && !isSigned(id, era)) problems.push(`负数 ${value}`);
  if (isAmount(id, era)) return problems;
  if (!Number.isInteger(value)) problems.push(`计数不应为小数: ${value}`);
  if (Math.abs(value) > MAX_COUNT) problems.push(`计数 ${value} 大于 ${MAX_COUNT}`);
  return problems;
}

/** value.range: one issue per problem per cell. Ids outside the schema are left to the record's own parse. */
export function checkValueRange(meta: Meta, cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [id, cell] of Object.entries(cells)) {
    if (cell.value === null || !isKnownCellId(id)) continue;
    for (const problem of rangeProblems(id, cell.value, meta.era))
      issues.push(issue('value.range', [id], `${id}: ${problem}（原文 "${cell.raw}"）`));
  }
  return issues;
}
