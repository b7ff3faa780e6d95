/**
 * A failure's kind, carried across the job boundary. BullMQ keeps only an error's message
 * (failedReason), from the sandboxed page reads too, so the kind travels as a tag in front of
 * it — `[encrypted] the PDF is encrypted …` — put there by `taggedReason` and taken off by
 * `readFailure` before the reason is stored (error) beside its kind (error_kind).
 */
import { PdfReadError, type PdfErrorKind } from '../extractors/pdf/document.js';
import { FAILURE_KINDS, type FailureKind } from '../store/reports.js';

/** Every kind of PdfReadError has its failure kind: a kind added there fails to compile here until it is given one. */
const OF_PDF: Record<PdfErrorKind, FailureKind> = {
  empty: 'empty',
  'not-pdf': 'not-pdf',
  encrypted: 'encrypted',
  corrupt: 'corrupt',
  'too-large': 'too-large',
};

const KNOWN = new Set<string>(FAILURE_KINDS);
const TAG = /^\[([a-z-]+)\] /;

export function isFailureKind(value: unknown): value is FailureKind {
  return typeof value === 'string' && KNOWN.has(value);
}

/** The kind of a thrown error: a PdfReadError's own, else other. */
export function failureKindOf(err: unknown): FailureKind {
  return err instanceof PdfReadError ? OF_PDF[err.kind] : 'other';
}

/** The reason with its kind in front, for an error that BullMQ will keep as text. */
export function taggedReason(kind: FailureKind, reason: string): string {
  return `[${kind}] ${reason}`;
}

/** A job's failure reason split into its kind (other when it carries none) and the words. */
export function readFailure(reason: string): { kind: FailureKind; reason: string } {
  const m = TAG.exec(reason);
  if (m && isFailureKind(m[1])) return { kind: m[1], reason: reason.slice(m[0].length) };
  return { kind: 'other', reason };
}
