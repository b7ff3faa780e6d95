/**
 * The record: the single source of the output's type (../shared/spec/report-schema.md).
 * Everything the pipeline writes is parsed through `reportRecordSchema` before it leaves.
 */
import { z } from 'zod';
import { ERAS, validCellIds } from './cells.js';

export const SCHEMA_VERSION = 1 as const;

export const eraSchema = z.enum(ERAS);

/** [x0, y0, x1, y1] in PDF points, origin top-left of the page. */
export const bboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const cellSchema = z.object({
  /** The number exactly as printed; null for a printed blank, 无 or —. */
  value: z.number().nullable(),
  page: z.number().int().positive(),
  bbox: bboxSchema,
  source: z.enum(['text', 'ocr']),
  /** 1 for the text layer; the OCR engine's confidence 0..1 otherwise. */
  confidence: z.number().min(0).max(1),
  raw: z.string(),
  /** The unit as printed for the value, in its row, column header or cell (万元, 元, 条, 件, 人次); never converted. */
  unit: z.string().min(1).optional(),
});
export type Cell = z.infer<typeof cellSchema>;

export const severitySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof severitySchema>;

export const validationIssueSchema = z.object({
  rule: z.string().min(1),
  severity: severitySchema,
  cells: z.array(z.string()),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const sectionSchema = z.object({
  no: z.string(),
  title: z.string(),
  page: z.number().int().positive(),
});
export type Section = z.infer<typeof sectionSchema>;

export const metaSchema = z.object({
  agency: z.string().nullable(),
  year: z.number().int().nullable(),
  era: eraSchema.nullable(),
  publishedOn: z.iso.date().nullable(),
});
export type Meta = z.infer<typeof metaSchema>;

export const reportRecordSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    source: z.object({
      file: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      pages: z.number().int().nonnegative(),
      textLayer: z.enum(['full', 'partial', 'none']),
    }),
    meta: metaSchema,
    sections: z.array(sectionSchema),
    cells: z.record(z.string(), cellSchema),
    validation: z.object({
      status: z.enum(['passed', 'flagged']),
      issues: z.array(validationIssueSchema),
    }),
    extractor: z.object({ version: z.string() }),
  })
  .superRefine((record, ctx) => {
    const hasError = record.validation.issues.some((i) => i.severity === 'error');
    if ((record.validation.status === 'flagged') !== hasError) {
      ctx.addIssue({
        code: 'custom',
        message: 'status must be flagged exactly when an error exists',
        path: ['validation', 'status'],
      });
    }
    // A cell id of another era never appears.
    const era = record.meta.era;
    if (!era) {
      if (Object.keys(record.cells).length > 0)
        ctx.addIssue({ code: 'custom', message: 'cells without an era', path: ['cells'] });
      return;
    }
    const valid = validCellIds(era);
    for (const id of Object.keys(record.cells)) {
      if (!valid.has(id))
        ctx.addIssue({ code: 'custom', message: `cell ${id} is not a cell of era ${era}`, path: ['cells', id] });
    }
  });
export type ReportRecord = z.infer<typeof reportRecordSchema>;
export type Cells = ReportRecord['cells'];
