/** legacy.sums — the totals of the 2008-era 政府信息公开情况统计表, over the parts the report prints. */
import { LEGACY, LEGACY_SUMS } from '../schema/templates/index.js';
import type { Cells, ValidationIssue } from '../schema/record.js';
import { isPresent, knownCellId } from './cellValues.js';
import { issue } from './rules.js';
import { sumFailure } from './sums.js';

const legacy = (row: string): string => knownCellId('legacy', row, 'value');

const SUMS = LEGACY_SUMS.map(({ total, parts }) => ({ total: legacy(total), parts: parts.map(legacy) }));

const labelOf = (id: string): string => LEGACY.rows.find((r) => legacy(r.id) === id)?.labels[0] ?? id;

/**
 * total = Σ the parts printed: provinces print their own channels (six in Fujian's 2008 form,
 * three in its 2013 form), so a channel the report does not print is no part of its sum.
 */
export function checkLegacySums(cells: Cells): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const { total, parts: all } of SUMS) {
    const parts = all.filter((id) => isPresent(cells, id));
    const failure = sumFailure(cells, total, parts);
    if (failure)
      issues.push(
        issue(
          'legacy.sums',
          [total, ...parts],
          `${labelOf(total)} ${failure.arithmetic}（${parts.map(labelOf).join(' + ')}）`,
        ),
      );
  }
  return issues;
}
