/**
 * The shared shape of the sum rules (applications.*, appeals.total, legacy.sums): total = Σ parts.
 */
import type { Cells } from '../schema/record.js';
import { amountOf, isPresent, shown } from './cellValues.js';
import { sameAmount, sum } from './decimal.js';

export interface SumFailure {
  total: number;
  sum: number;
  /** "T ≠ a + b + c = S", operands as printed (空 blank, 缺 absent). */
  arithmetic: string;
}

/**
 * Checks total = Σ parts. Returns null when it holds, or when it does not apply: the total
 * is absent (never read: report.structure reports that) or none of the parts is present.
 * Blank and absent operands count as 0 (see amountOf).
 */
export function sumFailure(cells: Cells, totalId: string, partIds: readonly string[]): SumFailure | null {
  if (!isPresent(cells, totalId) || !partIds.some((id) => isPresent(cells, id))) return null;
  const total = amountOf(cells, totalId);
  const parts = sum(partIds.map((id) => amountOf(cells, id)));
  if (sameAmount(total, parts)) return null;
  const terms = partIds.map((id) => shown(cells, id)).join(' + ');
  return { total, sum: parts, arithmetic: `${shown(cells, totalId)} ≠ ${terms} = ${parts}` };
}
