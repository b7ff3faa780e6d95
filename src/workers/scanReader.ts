/**
 * The OCR reader of the service's page reads. Page reads run in the sandboxed page processor
 * (./sandbox/readPage.ts), one child process per concurrent read, so a CPU-heavy OCR pass never
 * blocks a worker's event loop. Each child keeps one ScanReader (src/extractors/scan) for its
 * life: its tesseract pool starts the first time a page needs OCR (NIANBAO_OCR=auto: no usable
 * text layer; always; never) and has one worker per model, since the child reads one page at a
 * time and concurrency comes from the number of children (NIANBAO_CONCURRENCY).
 */
import type { ScannedPageReader } from '../extractors/pdf/readPages.js';
import { ScanReader } from '../extractors/scan/scanReader.js';

let reader: ScanReader | null = null;

/** This process's OCR page reader; the model links live in <dataDir>/tessdata. */
export function scanReaderFor(options: { dataDir: string }): ScannedPageReader {
  reader ??= new ScanReader({ dataDir: options.dataDir, size: 1 });
  return reader.read;
}
