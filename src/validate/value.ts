/**
 * value.range — values a cell cannot hold: a negative count, a fraction of a count,
 * an absurdly large count. Amounts (万元) may be decimals and large.
 */
import { parseCellId, type Era } from '../schema/cells.js';
import type { Cells, Meta, ValidationIssue } from '../schema/record.js';
import { isKnownCellId, knownCellId } from './cellValues.js';
import { issue } from './rules.js';

/** Counts above this are misreads (merged numbers, a year read as a count), not facts. */
export const MAX_COUNT = 1e7;

/** Amounts of money: the disclosure `amount` column (收费 / 采购金额), and the legacy 费用 and 经费 rows. */
const DISCLOSURE_AMOUNT_COLUMN = 'amount';
const LEGACY_AMOUNTS: ReadonlySet<string> = new Set([knownCellId('legacy', 'fees.amount', 'value'), knownCellId('legacy', 'org.budget', 'value')]);
// Fail at load if the schema renames the disclosure amount column.
knownCellId('disclosure', 'fees', DISCLOSURE_AMOUNT_COLUMN);

/** Era 2019's disclosure 本年增/减 columns hold signed changes (+7, 减3). */
const SIGNED_ERA: Era = '2019';
const SIGNED_DISCLOSURE_COLUMN = 'change';
knownCellId('disclosure', 'fees', SIGNED_DISCLOSURE_COLUMN);

export function isAmount(id: string): boolean {
  const { table, column } = parseCellId(id);
  return (table === 'disclosure' && column === DISCLOSURE_AMOUNT_COLUMN) || LEGACY_AMOUNTS.has(id);
}

export function isSigned(id: string, era: Era | null): boolean {
  const { table, column } = parseCellId(id);
  return era === SIGNED_ERA && table === 'disclosure' && column === SIGNED_DISCLOSURE_COLUMN;
}

function rangeProblems(id: string, value: number, era: Era | null): string[] {
  const problems: string[] = [];
  if (value < 0 && !isSigned(id, era)) problems.push(`负数 ${value}`);
  if (isAmount(id)) return problems;
  if (!Number.isInteger(value)) problems.push(`计数不应为小数: ${value}`);
  if (Math.abs(value) > MAX_COUNT) problems.push(`计数 ${value} 大于 ${MAX_COUNT}`);
  return problems;
}

/** value.range: one issue per problem per cell. Ids outside the schema are left to the record's own parse. */
export function checkValueRange(meta: Meta, cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [id, cell] of Object.entries(cells)) {
    if (cell.value === null || !isKnownCellId(id)) continue;
    for (const problem of rangeProblems(id, cell.value, meta.era)) issues.push(issue('value.range', [id], `${id}: ${problem}（原文 "${cell.raw}"）`));
  }
  return issues;
}
