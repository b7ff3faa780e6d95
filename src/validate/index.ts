/**
 * Validation: the rules of ../shared/spec/report-schema.md over one record's meta and cells.
 * One file per rule family (the rule id's prefix); each check is a pure function returning
 * its issues. `validate` runs them all, in the order of the spec's table.
 *
 * Conventions shared by the sum rules (see sums.ts, cellValues.ts):
 * - a printed blank (null: blank, 无, —) counts as 0 — many reports leave zero cells blank;
 * - a check whose total was never read (cell id absent) is skipped: report.structure reports
 *   the absence; an absent operand counts as 0 and is shown as 缺 in the message;
 * - decimals compare exactly to 1e-6 (decimal.ts).
 */
import {
  reportRecordSchema,
  type Cells,
  type Meta,
  type ReportRecord,
  type ValidationIssue,
} from '../schema/record.js';
import { COMMON_RULES, ERAS, rulesOf } from '../schema/templates/index.js';
import { checkAppealTotals } from './appeals.js';
import { checkApplicationBalance, checkApplicationResults, checkApplicationRowSums } from './applications.js';
import { checkCarryOver, checkInForce, type PreviousRecord } from './archive.js';
import { checkConfidence } from './extraction.js';
import { checkLegacySums } from './legacy.js';
import { checkEra, checkPublished, checkStructure } from './report.js';
import { checkTextReuse, DEFAULT_REUSE_THRESHOLD } from './reuse.js';
import { checkTextConsistency } from './text.js';
import { RULES, type RuleId } from './rules.js';
import { checkValueRange } from './value.js';

export { RULES, type RuleId } from './rules.js';

// Every rule a template names is a rule here (fail at load, not at the first report).
for (const era of ERAS)
  for (const rule of rulesOf(era))
    if (!(rule in RULES)) throw new Error(`validate: template era ${era} names unknown rule ${rule}`);

export interface ValidationInput {
  meta: Meta;
  /** record.cells: id → {value, page, bbox, source, confidence, raw}. */
  cells: Cells;
  /** Full text of the report's prose (all pages joined), for text.consistency and nothing else. */
  text?: string;
  /** The archive's record of the same agency's previous year, when stored (archive.* rules). */
  previous?: PreviousRecord | null;
}

export interface ValidationOptions {
  /** OCR values below this confidence are errors (extraction.confidence). */
  confidenceThreshold: number;
  /** text.reuse warns from this share of the prose repeated from last year's report. */
  reuseThreshold: number;
}

export const DEFAULT_VALIDATION_OPTIONS: ValidationOptions = {
  confidenceThreshold: 0.8,
  reuseThreshold: DEFAULT_REUSE_THRESHOLD,
};

/**
 * Every rule that applies to the record's era (the templates say which: src/schema/templates/),
 * in the order of the spec's table. A record without an era gets the rules of every report (report.structure names the
 * missing tables).
 */
export function validate(input: ValidationInput, options: Partial<ValidationOptions> = {}): ValidationIssue[] {
  const { meta, cells, text, previous } = input;
  const { confidenceThreshold, reuseThreshold } = { ...DEFAULT_VALIDATION_OPTIONS, ...options };
  const checks: ReadonlyArray<[RuleId, () => ValidationIssue[]]> = [
    ['applications.balance', () => checkApplicationBalance(cells)],
    ['applications.results', () => checkApplicationResults(cells)],
    ['applications.rowSum', () => checkApplicationRowSums(cells)],
    ['appeals.total', () => checkAppealTotals(cells)],
    ['legacy.sums', () => checkLegacySums(cells)],
    ['report.structure', () => checkStructure(meta, cells)],
    ['extraction.confidence', () => checkConfidence(cells, confidenceThreshold)],
    ['report.era', () => checkEra(meta)],
    ['report.published', () => checkPublished(meta)],
    ['text.consistency', () => checkTextConsistency(meta, cells, text)],
    ['text.reuse', () => checkTextReuse(meta, text, previous, reuseThreshold)],
    ['archive.carryOver', () => checkCarryOver(meta, cells, previous)],
    ['archive.inForce', () => checkInForce(meta, cells, previous)],
    ['value.range', () => checkValueRange(meta, cells)],
  ];
  const applies: ReadonlySet<string> = meta.era === null ? new Set(COMMON_RULES) : rulesOf(meta.era);
  return checks.filter(([rule]) => applies.has(rule)).flatMap(([, check]) => check());
}

/** flagged exactly when some issue is an error. */
export function statusOf(issues: readonly ValidationIssue[]): 'passed' | 'flagged' {
  return issues.some((i) => i.severity === 'error') ? 'flagged' : 'passed';
}

/**
 * Re-runs validation on a stored record: after a human correction, or when last year's report
 * arrives later (archive.*). Cells are taken as they are; nothing is re-read.
 */
export function revalidateRecord(
  record: ReportRecord,
  context: { text?: string; previous?: PreviousRecord | null },
  options?: Partial<ValidationOptions>,
): ReportRecord {
  const issues = validate(
    { meta: record.meta, cells: record.cells, text: context.text, previous: context.previous ?? null },
    options,
  );
  return reportRecordSchema.parse({ ...record, validation: { status: statusOf(issues), issues } });
}
