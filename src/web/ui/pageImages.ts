/**
 * Page images for the report page: PNGs rendered on demand (by ./renderChild.ts in a child
 * process) and cached in <dataDir>/cache/pages/<sha256>/, with the pages' sizes in points
 * (sizes.json) so the cell boxes can be drawn over the image in PDF coordinates.
 *
 * No path comes from the client: the PDF is the report's stored file (a content-addressed store
 * path, checked by resolveStoredPath), the cache folder is named by the report's SHA-256 and
 * the file by the page number, an integer checked against the page count.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { MAX_RENDER_PIXELS } from '../../extractors/pdf/document.js';
import { resolveStoredPath } from '../../store/files.js';
import type { Report } from '../../store/reports.js';
import type { RenderJob, RenderReply, RenderRequest } from './renderChild.js';

const require = createRequire(import.meta.url);
const runningTs = import.meta.url.endsWith('.ts');
const CHILD = new URL(`./renderChild.${runningTs ? 'ts' : 'js'}`, import.meta.url);

/** Image pixels per PDF point (144 dpi): sharp on high-density screens, ~300 KB per A4 page. */
export const RENDER_SCALE = 2;
const RENDER_TIMEOUT_MS = 60_000;

export type PageSize = [width: number, height: number];

type Pending = { resolve(reply: RenderReply): void; reject(err: Error): void; timer: NodeJS.Timeout };

export class PageRenderer {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {}

  private cacheDir(report: Pick<Report, 'sha256'>): string {
    if (!/^[0-9a-f]{64}$/.test(report.sha256)) throw new Error('not a sha256');
    return join(this.dataDir, 'cache', 'pages', report.sha256);
  }

  private spawn(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.connected) return this.child;
    const child = fork(CHILD, [], {
      execArgv: runningTs ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.stderr?.on('data', (d: Buffer) =>
      this.log.debug({ renderer: d.toString().slice(0, 500) }, 'page renderer stderr'),
    );
    child.on('message', (reply: RenderReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      p.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`the page renderer stopped (${signal ?? code})`));
        this.pending.delete(id);
      }
    });
    this.child = child;
    return child;
  }

  private request(msg: RenderJob): Promise<RenderReply> {
    if (this.closed) return Promise.reject(new Error('the page renderer is closed'));
    const child = this.spawn();
    const id = this.nextId++;
    return new Promise<RenderReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('rendering took too long'));
        // A stuck render: start afresh next time.
        child.kill('SIGKILL');
      }, RENDER_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ ...msg, id } as RenderRequest);
    });
  }

  /** One computation per key at a time (two browsers asking for the same page render it once). */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = fn().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Every page's size in PDF points, [width, height], page 1 first. */
  async sizes(report: Pick<Report, 'sha256' | 'filePath'>): Promise<PageSize[]> {
    const dir = this.cacheDir(report);
    const file = join(dir, 'sizes.json');
    try {
      return JSON.parse(await readFile(file, 'utf8')) as PageSize[];
    } catch {
      // not cached yet
    }
    return this.once(`${report.sha256}:sizes`, async () => {
      const reply = await this.request({ op: 'sizes', pdf: resolveStoredPath(this.dataDir, report.filePath) });
      if ('error' in reply) throw new Error(reply.error);
      if (!('sizes' in reply)) throw new Error('unexpected answer from the page renderer');
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(reply.sizes));
      await rename(tmp, file);
      return reply.sizes;
    });
  }

  /**
   * The path of the page's PNG, rendered now if it is not cached. `page` must be a page of the report (checked by
   * the caller against sizes()).
   */
  async png(report: Pick<Report, 'sha256' | 'filePath'>, page: number): Promise<string> {
    if (!Number.isInteger(page) || page < 1) throw new Error(`no page ${page}`);
    const dir = this.cacheDir(report);
    // The cap is in the name: images cached before it (uncapped) are not served.
    const out = join(dir, `p${page}@${RENDER_SCALE}x-max${MAX_RENDER_PIXELS}.png`);
    if (
      await stat(out).then(
        (s) => s.size > 0,
        () => false,
      )
    )
      return out;
    return this.once(`${report.sha256}:${page}`, async () => {
      await mkdir(dir, { recursive: true });
      const reply = await this.request({
        op: 'render',
        pdf: resolveStoredPath(this.dataDir, report.filePath),
        page,
        scale: RENDER_SCALE,
        out,
      });
      if ('error' in reply) throw new Error(reply.error);
      return out;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      });
    }
  }
}
