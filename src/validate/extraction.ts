/** extraction.confidence — OCR values the engine was not sure of. */
import type { Cells, ValidationIssue } from '../schema/record.js';
import { issue } from './rules.js';

export function checkConfidence(cells: Cells, threshold: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [id, cell] of Object.entries(cells)) {
    if (cell.source !== 'ocr' || cell.confidence >= threshold) continue;
    issues.push(
      issue('extraction.confidence', [id], `OCR 读数 "${cell.raw}" 置信度 ${cell.confidence} < ${threshold}`),
    );
  }
  return issues;
}
