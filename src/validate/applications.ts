/**
 * applications.* — the 勾稽关系 of table 三 (收到和处理政府信息公开申请情况), eras 2019 and 2021.
 */
import {
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
  cellId,
  type CellIdOptions,
} from '../schema/cells.js';
import type { Cells, ValidationIssue } from '../schema/record.js';
import { amountOf, isPresent, knownCellId, shown } from './cellValues.js';
import { sameAmount, sum } from './decimal.js';
import { issue } from './rules.js';
import { sumFailure } from './sums.js';

const TOTAL_COLUMN = 'total';
const APPLICANT_COLUMNS = APPLICATION_COLUMNS.filter((c) => c.id !== TOTAL_COLUMN);
const TOTAL_ROW = 'total';
const NEW_RECEIVED = 'newReceived';
const CARRIED_OVER = 'carriedOver';
const CARRIED_FORWARD = 'carriedForward';
// Fail at load if the schema renames any of these.
for (const row of [TOTAL_ROW, NEW_RECEIVED, CARRIED_OVER, CARRIED_FORWARD])
  knownCellId('applications', row, TOTAL_COLUMN);

const app = (row: string, column: string): string => cellId('applications', row, column);

function rowHasAnyCell(cells: Cells, row: string): boolean {
  return APPLICATION_COLUMNS.some((c) => isPresent(cells, app(row, c.id)));
}

/**
 * Which form of （六）其他处理 the record prints: any cell of the three sub-rows means the
 * three-row form; otherwise the one-row form (other.total).
 */
export function otherFormOf(cells: Cells): NonNullable<CellIdOptions['otherForm']> {
  return OTHER_THREE_ROWS.some((row) => rowHasAnyCell(cells, row)) ? 'threeRows' : 'oneRow';
}

/** The result rows (三 办理结果) the record's form of （六） includes, in template order. */
function resultRowsOf(cells: Cells): string[] {
  const skipped: readonly string[] = otherFormOf(cells) === 'threeRows' ? [OTHER_ONE_ROW] : OTHER_THREE_ROWS;
  return APPLICATION_ROWS.filter((r) => r.result && !skipped.includes(r.id)).map((r) => r.id);
}

/**
 * applications.balance, per column: newReceived + carriedOver = total + carriedForward.
 * Applies when both newReceived and total of the column were read; the carried rows count
 * as 0 when blank or absent.
 */
export function checkApplicationBalance(cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const column of APPLICATION_COLUMNS) {
    const [received, over, total, forward] = [NEW_RECEIVED, CARRIED_OVER, TOTAL_ROW, CARRIED_FORWARD].map((row) =>
      app(row, column.id),
    ) as [string, string, string, string];
    if (!isPresent(cells, received) || !isPresent(cells, total)) continue;
    const inflow = sum([amountOf(cells, received), amountOf(cells, over)]);
    const outflow = sum([amountOf(cells, total), amountOf(cells, forward)]);
    if (sameAmount(inflow, outflow)) continue;
    const message =
      `${column.labels[0]}: 新收 ${shown(cells, received)} + 结转 ${shown(cells, over)} ≠ 总计 ` +
      `${shown(cells, total)} + 结转下年 ${shown(cells, forward)}（${inflow} ≠ ${outflow}）`;
    issues.push(issue('applications.balance', [received, over, total, forward], message));
  }
  return issues;
}

/** applications.results, per column: total = Σ every printed result row, granted … （六）其他处理. */
export function checkApplicationResults(cells: Cells): ValidationIssue[] {
  const rows = resultRowsOf(cells);
  const issues: ValidationIssue[] = [];
  for (const column of APPLICATION_COLUMNS) {
    const totalId = app(TOTAL_ROW, column.id);
    const partIds = rows.map((row) => app(row, column.id));
    const failure = sumFailure(cells, totalId, partIds);
    if (failure)
      issues.push(
        issue('applications.results', [totalId, ...partIds], `${column.labels[0]}: 办理结果总计 ${failure.arithmetic}`),
      );
  }
  return issues;
}

/** applications.rowSum, per row: total column = Σ the six applicant columns. */
export function checkApplicationRowSums(cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const row of APPLICATION_ROWS) {
    const totalId = app(row.id, TOTAL_COLUMN);
    const partIds = APPLICANT_COLUMNS.map((c) => app(row.id, c.id));
    const failure = sumFailure(cells, totalId, partIds);
    if (failure)
      issues.push(issue('applications.rowSum', [totalId, ...partIds], `${row.labels[0]}: 总计 ${failure.arithmetic}`));
  }
  return issues;
}
