/**
 * /api routes: reports (upload, look-up, list, re-process) and bulk re-processing runs.
 *
 *   POST /api/reports                 multipart field "file" → 202 {id, status} (200 when the file is known)
 *   GET  /api/reports/:id             {id, file, sha256, status, progress, record, issues (with title), error?,
 *   errorKind?, …}
 *   GET  /api/reports?status=&year=&agency=&rule=&errorKind=&after=&limit=   {items: […], next}
 *   POST /api/reports/:id/reprocess   → 202 {id, status, run}; 409 while queued or processing
 *   GET  /api/reports/:id/versions    every stored run: {items: [{run, extractorVersion, status, …}]}
 *   GET  /api/reports/:id/file        the PDF as stored
 *   POST /api/reprocess               {all|year|agency|extractorOlderThan} → 202 the run
 *   GET  /api/reprocess[/:id]         bulk runs and their progress
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  FileTooLargeError,
  discardTempFile,
  looksLikePdf,
  resolveStoredPath,
  writeTempFile,
  cleanFileName,
  type TempFile,
} from '../store/files.js';
import { getRun, listRuns, reprocessFilterSchema } from '../store/reprocess.js';
import {
  FAILURE_KINDS,
  getReport,
  getVersion,
  listReports,
  listVersions,
  REPORT_STATUSES,
  type Report,
} from '../store/reports.js';
import { startBulkRun } from '../service/bulkRun.js';
import { admitFile, reprocessReport, type IntakeContext } from '../service/intake.js';
import { progressOf } from '../service/progress.js';
import type { Queues } from '../service/queues.js';
import { withTitle } from '../validate/ruleTitles.js';
import { requesterOf } from './auth.js';

export interface RouteDeps extends IntakeContext {
  queues: Queues;
}

/** Ids are PostgreSQL integers: anything larger is no id of ours (and must not reach the database as one). */
const MAX_ID = 2_147_483_647;
const idParam = z.object({ id: z.coerce.number().int().positive().max(MAX_ID) });

const listQuery = z.object({
  status: z.enum(REPORT_STATUSES as [string, ...string[]]).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  agency: z.string().min(1).max(200).optional(),
  rule: z.string().min(1).max(100).optional(),
  errorKind: z.enum(FAILURE_KINDS).optional(),
  after: z.coerce.number().int().nonnegative().max(MAX_ID).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

function badRequest(error: z.ZodError): { error: string } {
  return { error: error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') };
}

function summary(r: Report) {
  return {
    id: r.id,
    file: r.fileName,
    sha256: r.sha256,
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
    ...(r.errorKind ? { errorKind: r.errorKind } : {}),
    agency: r.agency,
    year: r.year,
    era: r.era,
    rules: r.rules,
    pages: r.pages,
    extractorVersion: r.extractorVersion,
    run: r.run,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function registerReportRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { db, config } = deps;

  app.post('/api/reports', async (request, reply) => {
    if (!request.isMultipart())
      return reply.code(400).send({ error: 'send the PDF as multipart/form-data, field "file"' });
    const part = await request.file({ limits: { fileSize: config.maxUploadBytes, files: 1 } });
    if (!part) return reply.code(400).send({ error: 'no file: send the PDF in the multipart field "file"' });
    if (part.fieldname !== 'file') {
      part.file.resume();
      return reply.code(400).send({ error: `unexpected field "${part.fieldname}": send the PDF in the field "file"` });
    }
    let temp: TempFile;
    try {
      temp = await writeTempFile(config.dataDir, part.file, config.maxUploadBytes);
    } catch (err) {
      if (err instanceof FileTooLargeError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        return reply
          .code(413)
          .send({ error: `the file is larger than the upload limit of ${config.maxUploadBytes} bytes` });
      }
      throw err;
    }
    if (part.file.truncated) {
      await discardTempFile(temp);
      return reply
        .code(413)
        .send({ error: `the file is larger than the upload limit of ${config.maxUploadBytes} bytes` });
    }
    if (!looksLikePdf(temp.head)) {
      await discardTempFile(temp);
      return reply.code(415).send({ error: 'not a PDF: no %PDF- header within the first KiB' });
    }
    // The client's name is data only (source.file); the bytes are stored under their hash.
    const { report, created } = await admitFile(deps, temp, { fileName: cleanFileName(part.filename), source: 'api' });
    return reply
      .code(created ? 202 : 200)
      .send({ id: report.id, status: report.status, sha256: report.sha256, duplicate: !created });
  });

  app.get('/api/reports/:id', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error));
    const report = await getReport(db, params.data.id);
    if (!report) return reply.code(404).send({ error: `no report ${params.data.id}` });
    const version = report.currentVersionId !== null ? await getVersion(db, report.currentVersionId) : null;
    return {
      id: report.id,
      file: report.fileName,
      sha256: report.sha256,
      status: report.status,
      ...(report.error ? { error: report.error } : {}),
      ...(report.errorKind ? { errorKind: report.errorKind } : {}),
      progress: await progressOf(deps.queues, report),
      record: version?.record ?? null,
      // The record's issues with their rules' titles (名称 and 说明, zh and en); the record stays as extracted.
      issues: (version?.record.validation.issues ?? []).map(withTitle),
      run: report.run,
      version: version
        ? {
            run: version.run,
            extractorVersion: version.extractorVersion,
            createdAt: version.createdAt.toISOString(),
            revalidatedAt: version.revalidatedAt?.toISOString() ?? null,
          }
        : null,
      createdAt: report.createdAt.toISOString(),
      updatedAt: report.updatedAt.toISOString(),
    };
  });

  app.get('/api/reports', async (request, reply) => {
    // An empty parameter (?status=&year=) means no condition.
    const given = Object.fromEntries(
      Object.entries((request.query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''),
    );
    const query = listQuery.safeParse(given);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    const q = query.data;
    const limit = q.limit ?? 100;
    const items = await listReports(db, {
      status: q.status as Report['status'] | undefined,
      year: q.year,
      agency: q.agency,
      rule: q.rule,
      errorKind: q.errorKind,
      afterId: q.after,
      limit,
    });
    return { items: items.map(summary), next: items.length === limit ? items[items.length - 1]!.id : null };
  });

  app.post('/api/reports/:id/reprocess', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error));
    const existing = await getReport(db, params.data.id);
    if (!existing) return reply.code(404).send({ error: `no report ${params.data.id}` });
    const report = await reprocessReport(deps, existing.id, {
      requestedBy: { name: requesterOf(request), userId: null },
    });
    if (!report)
      return reply
        .code(409)
        .send({ error: `report ${existing.id} is ${existing.status}: wait for it to finish`, status: existing.status });
    return reply.code(202).send({ id: report.id, status: report.status, run: report.run });
  });

  app.get('/api/reports/:id/versions', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error));
    if (!(await getReport(db, params.data.id))) return reply.code(404).send({ error: `no report ${params.data.id}` });
    const versions = await listVersions(db, params.data.id);
    return {
      items: versions.map((v) => ({
        id: v.id,
        run: v.run,
        extractorVersion: v.extractorVersion,
        status: v.status,
        createdAt: v.createdAt.toISOString(),
        revalidatedAt: v.revalidatedAt?.toISOString() ?? null,
      })),
    };
  });

  app.get('/api/reports/:id/file', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error));
    const report = await getReport(db, params.data.id);
    if (!report) return reply.code(404).send({ error: `no report ${params.data.id}` });
    // Always a download named .pdf (whatever the client called it), and never sniffed as anything else.
    const name = `${report.fileName.replace(/\.[^.]*$/, '') || 'report'}.pdf`;
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .type('application/pdf')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(createReadStream(resolveStoredPath(config.dataDir, report.filePath)));
  });

  app.post('/api/reprocess', async (request, reply) => {
    const filter = reprocessFilterSchema.safeParse(request.body ?? {});
    if (!filter.success) return reply.code(400).send(badRequest(filter.error));
    const { runId } = await startBulkRun(deps, {
      requestId: `api-${randomUUID()}`,
      trigger: 'api',
      filter: filter.data,
      requestedBy: requesterOf(request),
    });
    return reply.code(202).send(await getRun(db, runId));
  });

  app.get('/api/reprocess', async () => ({ items: await listRuns(db) }));

  app.get('/api/reprocess/:id', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error));
    const run = await getRun(db, params.data.id);
    if (!run) return reply.code(404).send({ error: `no re-processing run ${params.data.id}` });
    return run;
  });
}
