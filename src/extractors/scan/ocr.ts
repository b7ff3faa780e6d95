/**
 * OCR with tesseract.js, offline: the chi_sim model comes from the @tesseract.js-data/chi_sim
 * package (eng from @tesseract.js-data/eng), never from the network, and nothing is cached in
 * the current directory.
 *
 * A small pool of workers: jobs carry their own parameters (page-segmentation mode, character
 * whitelist), which a tesseract.js scheduler cannot do, so each worker switches parameters
 * when the next job needs other ones. Workers are recreated after a number of pages because
 * WASM memory only grows.
 */
import { mkdir, symlink, readlink, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { encodePgm, type GrayImage } from './image.js';

const require = createRequire(import.meta.url);

/** Which model of the data packages: best_int (LSTM only, 1.7 MB) is tesseract.js's own default. */
const MODEL_DIR = '4.0.0_best_int';

export interface OcrWord {
  text: string;
  /** Pixel box in the image given. */
  bbox: [number, number, number, number];
  /** 0..1 */
  confidence: number;
}

export interface OcrParams {
  /** Model: chi_sim for prose and labels, eng for digit-only passes. */
  lang: string;
  /** tesseract page-segmentation mode: 6 block, 7 single line, 8 single word, 11 sparse. */
  psm: number;
  whitelist?: string;
}

export interface OcrPoolOptions {
  /** Workers per model; defaults to the number of cores. */
  size?: number;
  /** Where the traineddata links live; inside the data directory, never the current one. */
  dataDir: string;
  /** Recreate a worker after this many page units (a full page counts 1, a cell crop ~0.02). */
  recycleAfter?: number;
  langs?: string[];
}

/** Links the packaged traineddata files into one langPath folder (tesseract.js takes a single folder). */
export async function prepareLangPath(dataDir: string, langs: readonly string[]): Promise<string> {
  const dir = join(dataDir, 'tessdata', MODEL_DIR);
  await mkdir(dir, { recursive: true });
  for (const lang of langs) {
    const source = join(
      dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      MODEL_DIR,
      `${lang}.traineddata.gz`,
    );
    const link = join(dir, `${lang}.traineddata.gz`);
    const current = await readlink(link).catch(() => null);
    if (current === source) continue;
    await rm(link, { force: true });
    await symlink(source, link);
  }
  return dir;
}

interface Slot {
  lang: string;
  worker: Worker;
  params: string;
  used: number;
}

interface Job {
  image: GrayImage;
  params: OcrParams;
  units: number;
  resolve: (words: OcrWord[]) => void;
  reject: (err: unknown) => void;
}

export class OcrPool {
  private readonly idle: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  private live = 0;
  private perLang = 0;

  private constructor(
    private readonly langPath: string,
    private readonly cachePath: string,
    private readonly langs: string[],
    private readonly recycleAfter: number,
  ) {}

  static async create(options: OcrPoolOptions): Promise<OcrPool> {
    const langs = options.langs ?? ['chi_sim', 'eng'];
    const langPath = await prepareLangPath(options.dataDir, langs);
    const cachePath = join(options.dataDir, 'tesscache');
    await mkdir(cachePath, { recursive: true });
    const pool = new OcrPool(langPath, cachePath, langs, options.recycleAfter ?? 300);
    const size = Math.max(1, options.size ?? cpus().length);
    const slots = await Promise.all(langs.flatMap((lang) => Array.from({ length: size }, () => pool.newSlot(lang))));
    pool.idle.push(...slots);
    pool.live = slots.length;
    pool.perLang = size;
    return pool;
  }

  /** Workers per model. */
  get size(): number {
    return this.perLang;
  }

  private async newSlot(lang: string): Promise<Slot> {
    const worker = await createWorker(lang, OEM.LSTM_ONLY, {
      langPath: this.langPath,
      cachePath: this.cachePath,
      // Read the packaged model every time: a cache could serve a stale one.
      cacheMethod: 'none',
      gzip: true,
      logger: () => undefined,
      errorHandler: () => undefined,
    });
    // Without preserve_interword_spaces Chinese text comes back with spaces between the words;
    // the invert retry re-reads every doubtful line upside-down in colour, which scans never need.
    await worker.setParameters({ preserve_interword_spaces: '1', tessedit_do_invert: '0' } as never);
    return { lang, worker, params: '', used: 0 };
  }

  /** Recognises one image; resolves with word boxes in the image's pixels. */
  recognize(image: GrayImage, params: OcrParams, units = 1): Promise<OcrWord[]> {
    if (this.closed) return Promise.reject(new Error('OCR pool is closed'));
    if (!this.langs.includes(params.lang)) return Promise.reject(new Error(`OCR model ${params.lang} is not loaded`));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, params, units, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i]!;
      const k = this.idle.findIndex((s) => s.lang === job.params.lang);
      if (k < 0) {
        i++;
        continue;
      }
      const [slot] = this.idle.splice(k, 1);
      this.queue.splice(i, 1);
      void this.run(slot!, job);
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    let current = slot;
    try {
      const key = `${job.params.psm}|${job.params.whitelist ?? ''}`;
      if (current.params !== key) {
        await current.worker.setParameters({
          tessedit_pageseg_mode: String(job.params.psm) as never,
          tessedit_char_whitelist: job.params.whitelist ?? '',
        });
        current.params = key;
      }
      const result = await current.worker.recognize(encodePgm(job.image), {}, { blocks: true, text: false });
      current.used += job.units;
      job.resolve(wordsOf(result.data.blocks ?? []));
    } catch (err) {
      job.reject(err);
    } finally {
      if (current.used >= this.recycleAfter && !this.closed) {
        const old = current.worker;
        try {
          current = await this.newSlot(current.lang);
        } finally {
          void old.terminate();
        }
      }
      if (this.closed) void current.worker.terminate();
      else {
        this.idle.push(current);
        this.pump();
      }
    }
  }

  /** Waits for queued work to finish and stops every worker. */
  async close(): Promise<void> {
    while (this.queue.length > 0 || this.idle.length < this.live) await new Promise((r) => setTimeout(r, 20));
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((s) => s.worker.terminate()));
  }
}

interface TessBlock {
  paragraphs: Array<{
    lines: Array<{
      words: Array<{ text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }>;
    }>;
  }>;
}

function wordsOf(blocks: readonly TessBlock[]): OcrWord[] {
  const out: OcrWord[] = [];
  for (const b of blocks) {
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        for (const w of l.words) {
          const text = w.text.trim();
          if (!text) continue;
          out.push({
            text,
            bbox: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1],
            confidence: Math.max(0, Math.min(1, w.confidence / 100)),
          });
        }
      }
    }
  }
  return out;
}
