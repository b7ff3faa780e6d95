/** appeals.total — table 四 (行政复议、行政诉讼): per row, total = upheld + corrected + other + pending. */
import { APPEAL_COLUMNS, APPEAL_ROWS, cellId } from '../schema/cells.js';
import type { Cells, ValidationIssue } from '../schema/record.js';
import { knownCellId } from './cellValues.js';
import { issue } from './rules.js';
import { sumFailure } from './sums.js';

const TOTAL_COLUMN = 'total';
knownCellId('appeals', APPEAL_ROWS[0]!.id, TOTAL_COLUMN);
const PART_COLUMNS = APPEAL_COLUMNS.filter((c) => c.id !== TOTAL_COLUMN);

export function checkAppealTotals(cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const row of APPEAL_ROWS) {
    const totalId = cellId('appeals', row.id, TOTAL_COLUMN);
    const partIds = PART_COLUMNS.map((c) => cellId('appeals', row.id, c.id));
    const failure = sumFailure(cells, totalId, partIds);
    if (failure)
      issues.push(issue('appeals.total', [totalId, ...partIds], `${row.labels[0]} 总计 ${failure.arithmetic}`));
  }
  return issues;
}
