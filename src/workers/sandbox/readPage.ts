/**
 * The sandboxed processor of the page queue: BullMQ runs it in a child process (see
 * ../pageWorker.ts), so pdfjs parsing and OCR (../scanReader.ts) never block a worker's event
 * loop. Two job names:
 *
 *   ingest  open the PDF, check it is readable within the page limit → { pages }
 *   page    read one page → its PageModel (plain JSON, stored as the job's return value)
 *
 * A file that cannot be read as a PDF (PdfReadError: empty, not a PDF, encrypted, corrupt,
 * too many pages) is a permanent fault: UnrecoverableError, no retries, the reason kept with its
 * kind in front (src/service/failure.ts: BullMQ keeps only the message).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { PdfReadError } from '../../extractors/pdf/document.js';
import { countPages, readOnePage } from '../../extractors/pdf/readPages.js';
import type { PageModel } from '../../extractors/model.js';
import { failureKindOf, taggedReason } from '../../service/failure.js';
import { readStoredFile } from '../../store/files.js';
import { dataDirOf } from '../../service/config.js';
import type { PageJobData, PageQueueData } from '../../service/queues.js';
import { scanReaderFor } from '../scanReader.js';

// When the worker process that forked us dies (SIGKILL, OOM), the IPC channel closes: exit
// rather than linger as an orphan. The job itself is recovered by the stalled-job check.
process.on('disconnect', () => process.exit(0));

const dataDir = dataDirOf(process.env);

/** The last file read: consecutive pages of one report are usually served by the same child. */
let cached: { file: string; data: Uint8Array } | null = null;

async function load(file: string): Promise<Uint8Array> {
  if (cached?.file === file) return cached.data;
  try {
    const data = await readStoredFile(dataDir, file);
    cached = { file, data };
    return data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UnrecoverableError(
        taggedReason(
          'missing-file',
          `the stored file ${file} is not in the data dir ${dataDir} (is the data dir shared with this worker?)`,
        ),
      );
    }
    throw err;
  }
}

export default async function readPage(job: SandboxedJob<PageQueueData>): Promise<{ pages: number } | PageModel> {
  const data = await load(job.data.file);
  try {
    if (job.name === 'ingest') return { pages: await countPages(data, { maxPages: job.data.maxPages }) };
    const { page, maxPages, ocr } = job.data as PageJobData;
    return await readOnePage(data, page, { maxPages, ocr: ocr ?? 'auto', readScannedPage: scanReaderFor({ dataDir }) });
  } catch (err) {
    if (err instanceof PdfReadError) throw new UnrecoverableError(taggedReason(failureKindOf(err), err.message));
    throw err;
  }
}
