/**
 * The validation rules of ../shared/spec/report-schema.md (its "Validation rules" table): rule id → severity.
 * Every issue is made through `issue`, so a rule's severity is stated here and nowhere else.
 */
import type { Severity, ValidationIssue } from '../schema/record.js';

export const RULES = {
  'applications.balance': 'error',
  'applications.results': 'error',
  'applications.rowSum': 'error',
  'appeals.total': 'error',
  'legacy.sums': 'error',
  'report.structure': 'error',
  'extraction.confidence': 'error',
  'report.era': 'warning',
  'report.published': 'warning',
  'text.consistency': 'warning',
  'text.reuse': 'warning',
  'archive.carryOver': 'warning',
  'archive.inForce': 'warning',
  'value.range': 'warning',
} as const satisfies Record<string, Severity>;

export type RuleId = keyof typeof RULES;

export function issue(rule: RuleId, cells: readonly string[], message: string): ValidationIssue {
  return { rule, severity: RULES[rule], cells: [...cells], message };
}
