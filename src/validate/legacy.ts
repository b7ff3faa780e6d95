/** legacy.sums — the totals of the 2008-era 政府信息公开情况统计表. */
import { LEGACY_ROWS } from '../schema/cells.js';
import type { Cells, ValidationIssue } from '../schema/record.js';
import { knownCellId } from './cellValues.js';
import { issue } from './rules.js';
import { sumFailure } from './sums.js';

const legacy = (row: string): string => knownCellId('legacy', row, 'value');

/** total row = Σ part rows, as the template's outline nests them. */
const LEGACY_SUMS: readonly { total: string; parts: readonly string[] }[] = [
  { total: 'requests.received', parts: ['requests.inPerson', 'requests.fax', 'requests.online', 'requests.letter'] },
  { total: 'requests.completed', parts: ['requests.onTime', 'requests.extended'] },
  { total: 'review.total', parts: ['review.upheld', 'review.corrected', 'review.other'] },
  { total: 'suit.total', parts: ['suit.upheld', 'suit.corrected', 'suit.other'] },
  { total: 'org.staff', parts: ['org.fullTime', 'org.partTime'] },
].map(({ total, parts }) => ({ total: legacy(total), parts: parts.map(legacy) }));

const labelOf = (id: string): string => LEGACY_ROWS.find((r) => legacy(r.id) === id)?.labels[0] ?? id;

export function checkLegacySums(cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const { total, parts } of LEGACY_SUMS) {
    const failure = sumFailure(cells, total, parts);
    if (failure) issues.push(issue('legacy.sums', [total, ...parts], `${labelOf(total)} ${failure.arithmetic}（${parts.map(labelOf).join(' + ')}）`));
  }
  return issues;
}
