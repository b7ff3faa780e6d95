/**
 * The watched folder. New PDFs in NIANBAO_WATCH_DIR (one level, dot files ignored) become
 * reports; once a report is finished its file moves to processed/ (passed or flagged) or
 * failed/ (with <name>.error.txt beside it giving the reason). Files are read and moved, never
 * changed or deleted; a name already taken in processed/ or failed/ gets a " (2)" suffix.
 *
 * A file is read only when it is whole: its size and mtime must stay unchanged for
 * NIANBAO_WATCH_STABLE_MS, and again after it was copied into the store. A restart re-scans
 * the folder (chokidar reports existing files), and files that arrived or finished while the
 * service was down are admitted or moved then. NIANBAO_WATCH_POLL=1 polls instead of using
 * file-system events, for network shares.
 */
import { link, mkdir, rename, stat, unlink, writeFile, access } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { copyToTempFile, discardTempFile } from '../store/files.js';
import { addPendingIntake, findPendingIntake, settleableIntake, settleIntake } from '../store/intake.js';
import { admitFile, type IntakeContext } from './intake.js';

export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';

export interface WatcherHandle {
  /** Resolves once the initial scan of the folder is done. */
  ready: Promise<void>;
  /** Moves finished files now (also runs every NIANBAO_SETTLE_MS). */
  settleNow(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Names of files this watcher takes: *.pdf, not hidden, not a partial download. */
export function isCandidate(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('~') && extname(name).toLowerCase() === '.pdf';
}

/** Moves `src` into `dir` under `name`, or "stem (2).ext" … when taken; never overwrites. Returns the new path. */
export async function moveNoClobber(src: string, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const target = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      // link fails when the target exists: no check-then-act race, no overwrite.
      await link(src, target);
      await unlink(src);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') throw err;
      // File systems without hard links (some network shares): check, then rename.
      const taken = await access(target).then(
        () => true,
        () => false,
      );
      if (taken) continue;
      await rename(src, target);
      return target;
    }
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}

export async function startWatcher(ctx: IntakeContext): Promise<WatcherHandle> {
  const { config, db, log } = ctx;
  const watchDir = config.watchDir;
  if (!watchDir) throw new Error('no watch dir configured');
  await mkdir(join(watchDir, PROCESSED_DIR), { recursive: true });
  await mkdir(join(watchDir, FAILED_DIR), { recursive: true });
  const wlog = log.child({ watchDir });

  let closed = false;
  /** Files being waited on or admitted, by name: one at a time per name. */
  const busy = new Map<string, Promise<void>>();
  const stablePoll = Math.max(20, Math.min(250, Math.floor(config.watchStableMs / 4)));

  /** Waits until size and mtime have not changed for watchStableMs; null when the file went away. */
  async function waitStable(path: string): Promise<{ size: number; mtimeMs: number } | null> {
    let seen: { size: number; mtimeMs: number; since: number } | null = null;
    while (!closed) {
      const st = await stat(path).catch(() => null);
      if (!st || !st.isFile()) return null;
      const now = Date.now();
      if (seen && seen.size === st.size && seen.mtimeMs === st.mtimeMs) {
        if (now - seen.since >= config.watchStableMs) return { size: st.size, mtimeMs: st.mtimeMs };
      } else {
        seen = { size: st.size, mtimeMs: st.mtimeMs, since: now };
      }
      await sleep(stablePoll);
    }
    return null;
  }

  async function admit(path: string): Promise<void> {
    const name = basename(path);
    for (let attempt = 0; attempt < 100 && !closed; attempt++) {
      const stable = await waitStable(path);
      if (!stable) return;
      const pending = await findPendingIntake(db, watchDir!, name);
      if (pending && pending.sizeBytes === stable.size && pending.mtimeMs === stable.mtimeMs) return; // known, waiting for its report
      const temp = await copyToTempFile(config.dataDir, path);
      const after = await stat(path).catch(() => null);
      if (!after || after.size !== stable.size || after.mtimeMs !== stable.mtimeMs || temp.size !== stable.size) {
        await discardTempFile(temp);
        wlog.info({ file: name }, 'file changed while being read: waiting for it again');
        continue;
      }
      const { report, created } = await admitFile(ctx, temp, { fileName: name, source: 'watch' });
      await addPendingIntake(db, watchDir!, { name, sizeBytes: stable.size, mtimeMs: stable.mtimeMs, reportId: report.id });
      wlog.info({ file: name, reportId: report.id, created }, 'watched file admitted');
      void settleNow();
      return;
    }
  }

  function consider(path: string): void {
    if (closed || dirname(path) !== watchDir || !isCandidate(basename(path))) return;
    const name = basename(path);
    if (busy.has(name)) return; // its stability wait sees the change
    const task = admit(path)
      .catch((err: unknown) => {
        wlog.error({ err, file: name }, 'could not admit a watched file; trying again in 5 s');
        setTimeout(() => consider(path), 5000).unref();
      })
      .finally(() => busy.delete(name));
    busy.set(name, task);
  }

  let settling: Promise<void> | null = null;
  async function settleOnce(): Promise<void> {
    for (const file of await settleableIntake(db, watchDir!)) {
      const path = join(watchDir!, file.name);
      const st = await stat(path).catch(() => null);
      if (!st) {
        await settleIntake(db, file.id, 'gone', null);
        continue;
      }
      if (st.size !== file.sizeBytes || st.mtimeMs !== file.mtimeMs) {
        // Replaced by other content under the same name: that is a new arrival.
        await settleIntake(db, file.id, 'replaced', null);
        consider(path);
        continue;
      }
      if (busy.has(file.name)) continue;
      const failed = file.reportStatus === 'failed';
      const target = await moveNoClobber(path, join(watchDir!, failed ? FAILED_DIR : PROCESSED_DIR), file.name);
      if (failed) {
        const note = `${file.error ?? 'the report failed'}\n\nreport: ${file.reportId}\nsha256: ${file.sha256}\nfailed: ${new Date().toISOString()}\n`;
        await writeFile(`${target}.error.txt`, note);
      }
      await settleIntake(db, file.id, failed ? 'failed' : 'processed', target);
      wlog.info({ file: file.name, reportId: file.reportId, movedTo: target }, failed ? 'watched file failed' : 'watched file processed');
    }
  }
  function settleNow(): Promise<void> {
    settling ??= settleOnce()
      .catch((err: unknown) => wlog.warn({ err }, 'could not move finished files; will try again'))
      .finally(() => {
        settling = null;
      });
    return settling;
  }
  const settleTimer = setInterval(() => void settleNow(), config.settleIntervalMs);

  const watcher: FSWatcher = watch(watchDir, {
    depth: 0,
    ignoreInitial: false,
    usePolling: config.watchPolling,
    interval: config.watchPollIntervalMs,
    binaryInterval: config.watchPollIntervalMs,
    ignored: (path) => path !== watchDir && (dirname(path) !== watchDir || basename(path).startsWith('.')),
  });
  watcher.on('add', consider);
  watcher.on('change', consider);
  watcher.on('error', (err) => wlog.error({ err }, 'watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  await ready;
  wlog.info({ polling: config.watchPolling, stableMs: config.watchStableMs }, 'watching folder');
  void settleNow();

  return {
    ready,
    settleNow,
    async close() {
      closed = true;
      clearInterval(settleTimer);
      await watcher.close();
      await Promise.allSettled([...busy.values()]);
      await settling;
    },
  };
}
