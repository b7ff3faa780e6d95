/**
 * text.reuse — the prose largely repeats the same agency's previous report (src/validate/textReuse.ts:
 * shingle containment). A warning: a report copied from last year with the numbers changed is
 * what the national evaluations mark down, not an error in its figures.
 */
import type { Meta, ValidationIssue } from '../schema/record.js';
import { measureReuse, percent, SHINGLE } from './textReuse.js';
import type { PreviousRecord } from './archive.js';
import { comparable } from './archive.js';
import { issue } from './rules.js';

/**
 * 80% (the share the national evaluations call a copy), or NIANBAO_REUSE_THRESHOLD: read once
 * here so the service's workers, the review's re-validation and the CLI all apply the same one.
 */
export const DEFAULT_REUSE_THRESHOLD = thresholdFrom(process.env.NIANBAO_REUSE_THRESHOLD);

function thresholdFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 0.8;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1)
    throw new Error(`NIANBAO_REUSE_THRESHOLD must be a share in (0, 1], not ${raw}`);
  return n;
}

/** text.reuse: one issue when the share of this report's shingles found in last year's prose reaches the threshold. */
export function checkTextReuse(
  meta: Meta,
  text: string | undefined,
  previous: PreviousRecord | null | undefined,
  threshold: number,
): ValidationIssue[] {
  if (!text || !comparable(meta, previous) || !previous.text) return [];
  const r = measureReuse(text, previous.text);
  if (!r || r.share < threshold) return [];
  const year = previous.meta.year === null ? '上年' : `${previous.meta.year} 年`;
  return [
    issue(
      'text.reuse',
      [],
      `正文 ${r.shingles} 个 ${SHINGLE} 字片段中 ${r.repeated} 个见于${year}报告：${percent(r.share)} ≥ ${percent(threshold)}`,
    ),
  ];
}
