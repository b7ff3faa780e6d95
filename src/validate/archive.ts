/**
 * archive.* — this year's table against last year's record of the same agency, when the
 * archive holds it.
 */
import type { Cells, Meta, ValidationIssue } from '../schema/record.js';
import { DISCLOSURE_2021 } from '../schema/templates/index.js';
import { sameAgency } from './agency.js';
import { amountOf, isPresent, knownCellId, shown } from './cellValues.js';
import { sameAmount, sum } from './decimal.js';
import { issue } from './rules.js';

export interface PreviousRecord {
  meta: Meta;
  cells: Cells;
  /** Its prose, when known (text.reuse). */
  text?: string;
}

const CARRIED_OVER_TOTAL = knownCellId('applications', 'carriedOver', 'total');
const CARRIED_FORWARD_TOTAL = knownCellId('applications', 'carriedForward', 'total');

/** The era-2021 disclosure rows that count documents in force (规章, 行政规范性文件). */
const IN_FORCE_ROWS = DISCLOSURE_2021.rows
  .filter((row) => row.columns.includes('inForce'))
  .map((row) => ({
    label: row.labels[0],
    inForce: knownCellId('disclosure', row.id, 'inForce'),
    issued: knownCellId('disclosure', row.id, 'issued'),
    repealed: knownCellId('disclosure', row.id, 'repealed'),
  }));

export { sameAgency } from './agency.js';

/**
 * `previous` compares when it is the same agency (by name in any of its printed forms:
 * src/validate/agency.ts) and, where both years are known, the year before.
 */
export function comparable(meta: Meta, previous: PreviousRecord | null | undefined): previous is PreviousRecord {
  if (!previous || !sameAgency(meta.agency, previous.meta.agency)) return false;
  return meta.year === null || previous.meta.year === null || previous.meta.year === meta.year - 1;
}

/** archive.carryOver: 上年结转 = last year's 结转下年度继续办理 (总计 column). */
export function checkCarryOver(
  meta: Meta,
  cells: Cells,
  previous: PreviousRecord | null | undefined,
): ValidationIssue[] {
  if (!comparable(meta, previous)) return [];
  if (!isPresent(cells, CARRIED_OVER_TOTAL) || !isPresent(previous.cells, CARRIED_FORWARD_TOTAL)) return [];
  const now = amountOf(cells, CARRIED_OVER_TOTAL);
  const then = amountOf(previous.cells, CARRIED_FORWARD_TOTAL);
  if (sameAmount(now, then)) return [];
  const year = previous.meta.year === null ? '上年' : `${previous.meta.year} 年`;
  return [
    issue(
      'archive.carryOver',
      [CARRIED_OVER_TOTAL],
      `上年结转 ${shown(cells, CARRIED_OVER_TOTAL)} ≠ ${year}报告的结转下年度继续办理 ${shown(previous.cells, CARRIED_FORWARD_TOTAL)}`,
    ),
  ];
}

/** archive.inForce (era 2021, both years): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止. */
export function checkInForce(meta: Meta, cells: Cells, previous: PreviousRecord | null | undefined): ValidationIssue[] {
  if (meta.era !== '2021' || !comparable(meta, previous) || previous.meta.era !== '2021') return [];
  const issues: ValidationIssue[] = [];
  for (const row of IN_FORCE_ROWS) {
    if (!isPresent(cells, row.inForce) || !isPresent(previous.cells, row.inForce)) continue;
    const expected = sum([
      amountOf(previous.cells, row.inForce),
      amountOf(cells, row.issued),
      -amountOf(cells, row.repealed),
    ]);
    if (sameAmount(amountOf(cells, row.inForce), expected)) continue;
    const arithmetic =
      `上年 ${shown(previous.cells, row.inForce)} + 制发 ${shown(cells, row.issued)} − 废止 ` +
      `${shown(cells, row.repealed)} = ${expected}`;
    issues.push(
      issue(
        'archive.inForce',
        [row.inForce, row.issued, row.repealed],
        `${row.label} 现行有效 ${shown(cells, row.inForce)} ≠ ${arithmetic}`,
      ),
    );
  }
  return issues;
}
