/**
 * The watched folder. New PDFs in NIANBAO_WATCH_DIR (one level, dot files ignored) become
 * reports; once a report is finished its file moves to processed/ (passed or flagged) or
 * failed/ (with <name>.error.txt beside it giving the reason). Files are read and moved, never
 * changed or deleted; a name already taken in processed/ or failed/ gets a " (2)" suffix.
 *
 * Only regular files whose real path is in the folder are read (lstat, O_NOFOLLOW, realpath):
 * a symlink, folder or device is left alone with a log line. Files over the upload limit
 * (NIANBAO_MAX_UPLOAD_MB) go to failed/ unread, with the reason.
 *
 * A file is read only when it is whole: its size and mtime must stay unchanged for
 * NIANBAO_WATCH_STABLE_MS, and again after it was copied into the store; and a PDF must end in
 * its trailer (%%EOF / startxref): a copy that pauses half-way is waited for (up to
 * NIANBAO_WATCH_GRACE_S unchanged, then read for what it is). A watched file whose report fails
 * stays in the folder for the grace period after its last change and is read again when it
 * changes; the new report supersedes the failed one (no failed twin). A restart re-scans the
 * folder (chokidar reports existing files), and files that arrived or finished while the
 * service was down are admitted or moved then. NIANBAO_WATCH_POLL=1 polls instead of using
 * file-system events, for network shares.
 */
import { access, link, lstat, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import {
  copyToTempFile,
  discardTempFile,
  hasPdfTrailer,
  NotARegularFileError,
  openRegularFileIn,
  removeStoredFile,
  FileTooLargeError,
} from '../store/files.js';
import {
  addPendingIntake,
  findPendingIntake,
  settleableIntake,
  settleIntake,
  supersedeReport,
} from '../store/intake.js';
import { admitFile, type IntakeContext } from '../service/intake.js';

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

  /** What is at `path` now: a regular file (size, mtime), something else, or nothing. */
  async function inspect(
    path: string,
  ): Promise<{ kind: 'file'; size: number; mtimeMs: number } | { kind: 'other' } | { kind: 'gone' }> {
    const st = await lstat(path).catch(() => null);
    if (!st) return { kind: 'gone' };
    return st.isFile() ? { kind: 'file', size: st.size, mtimeMs: st.mtimeMs } : { kind: 'other' };
  }

  /**
   * Waits until size and mtime have not changed for watchStableMs. `since` is when they took
   * these values (as far as this watcher saw). Null when the file went away or is no longer a regular file.
   */
  async function waitStable(path: string): Promise<{ size: number; mtimeMs: number; since: number } | null> {
    let seen: { size: number; mtimeMs: number; since: number } | null = null;
    while (!closed) {
      const st = await inspect(path);
      if (st.kind !== 'file') return null;
      const now = Date.now();
      if (seen && seen.size === st.size && seen.mtimeMs === st.mtimeMs) {
        if (now - seen.since >= config.watchStableMs) return seen;
      } else {
        seen = { size: st.size, mtimeMs: st.mtimeMs, since: now };
      }
      await sleep(stablePoll);
    }
    return null;
  }

  /** Waits until the file changes or `until` passes: true when it changed (or went). */
  async function changesBefore(path: string, was: { size: number; mtimeMs: number }, until: number): Promise<boolean> {
    while (!closed && Date.now() < until) {
      await sleep(stablePoll);
      const st = await inspect(path);
      if (st.kind !== 'file' || st.size !== was.size || st.mtimeMs !== was.mtimeMs) return true;
    }
    return false;
  }

  const leftAlone = (name: string, reason: string): void =>
    wlog.warn({ file: name, reason }, 'not a regular file in the folder: left alone, not read');

  /** A file that is not taken in (over the size limit): to failed/ with the reason, unread. */
  async function refuse(path: string, name: string, reason: string): Promise<void> {
    const target = await moveNoClobber(path, join(watchDir!, FAILED_DIR), name);
    await writeFile(
      `${target}.error.txt`,
      `${reason}\n\nnot read: no report was made\nrefused: ${new Date().toISOString()}\n`,
    );
    wlog.warn({ file: name, movedTo: target, reason }, 'watched file refused');
  }

  async function admit(path: string): Promise<void> {
    const name = basename(path);
    for (let attempt = 0; attempt < 100 && !closed; attempt++) {
      const now = await inspect(path);
      if (now.kind === 'gone') return;
      if (now.kind === 'other') return leftAlone(name, 'a symlink, folder or device');
      const stable = await waitStable(path);
      if (!stable) continue; // gone, or turned into something else: looked at again above
      const pending = await findPendingIntake(db, watchDir!, name);
      // known, waiting for its report
      if (pending && pending.sizeBytes === stable.size && pending.mtimeMs === stable.mtimeMs) return;
      if (stable.size > config.maxUploadBytes) {
        return refuse(
          path,
          name,
          `the file is larger than the limit of ${config.maxUploadBytes} bytes (NIANBAO_MAX_UPLOAD_MB), as uploads are`,
        );
      }
      let opened;
      try {
        opened = await openRegularFileIn(watchDir!, name);
      } catch (err) {
        if (err instanceof NotARegularFileError) return leftAlone(name, err.message);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const { handle } = opened;
      try {
        if (opened.size !== stable.size || opened.mtimeMs !== stable.mtimeMs) continue;
        // Half a PDF has no trailer yet: wait for the rest (a writer that paused), up to the grace period.
        if (!(await hasPdfTrailer(handle, stable.size))) {
          const until = stable.since + config.watchGraceMs;
          if (Date.now() < until) {
            wlog.info(
              { file: name, size: stable.size },
              'no PDF trailer at the end yet: waiting for the rest of the file',
            );
            if (await changesBefore(path, stable, until)) continue;
          }
          wlog.info({ file: name }, 'still no PDF trailer after the grace period: reading it as it is');
        }
        let temp;
        try {
          temp = await copyToTempFile(config.dataDir, handle, config.maxUploadBytes);
        } catch (err) {
          if (err instanceof FileTooLargeError) continue; // it grew while read: looked at again
          throw err;
        }
        const after = await inspect(path);
        const fd = await handle.stat();
        if (
          after.kind !== 'file' ||
          after.size !== stable.size ||
          after.mtimeMs !== stable.mtimeMs ||
          fd.size !== stable.size ||
          temp.size !== stable.size
        ) {
          await discardTempFile(temp);
          wlog.info({ file: name }, 'file changed while being read: waiting for it again');
          continue;
        }
        const { report, created } = await admitFile(ctx, temp, { fileName: name, source: 'watch' });
        const { replacedReportId } = await addPendingIntake(db, watchDir!, {
          name,
          sizeBytes: stable.size,
          mtimeMs: stable.mtimeMs,
          reportId: report.id,
          changedAt: new Date(stable.since),
        });
        wlog.info({ file: name, reportId: report.id, created }, 'watched file admitted');
        if (replacedReportId !== null) await supersede(replacedReportId, report.id, name);
        void settleNow();
        return;
      } finally {
        await handle.close();
      }
    }
  }

  /** The file changed under its name: its new report supersedes the one of its earlier content. */
  async function supersede(oldId: number, newId: number, name: string): Promise<void> {
    const storedPath = await supersedeReport(db, oldId, watchDir!, name);
    if (storedPath) {
      await removeStoredFile(config.dataDir, storedPath);
      wlog.info(
        { file: name, reportId: oldId, supersededBy: newId },
        'the file changed after it was read: its earlier report (which produced no record) is superseded and removed',
      );
    } else {
      wlog.info(
        { file: name, reportId: oldId, supersededBy: newId },
        'the file changed after it was read: its earlier report stays (it was read whole)',
      );
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
      const st = await inspect(path);
      if (st.kind === 'gone') {
        await settleIntake(db, file.id, 'gone', null);
        continue;
      }
      if (busy.has(file.name)) continue;
      if (st.kind === 'other') {
        // Swapped for a symlink (or a folder): nothing of ours to move any more.
        await settleIntake(db, file.id, 'gone', null);
        leftAlone(file.name, 'replaced by a symlink, folder or device');
        continue;
      }
      if (st.size !== file.sizeBytes || st.mtimeMs !== file.mtimeMs) {
        // Replaced by other content under the same name: a new arrival, which supersedes this one.
        consider(path);
        continue;
      }
      const failed = file.reportStatus === 'failed';
      // A failure may be a file still being written: keep it here for the grace period after its last change.
      if (failed && Date.now() - file.changedAt.getTime() < config.watchGraceMs) continue;
      const target = await moveNoClobber(path, join(watchDir!, failed ? FAILED_DIR : PROCESSED_DIR), file.name);
      if (failed) {
        const note =
          `${file.error ?? 'the report failed'}\n\nreport: ${file.reportId}\nsha256: ` +
          `${file.sha256}\nfailed: ${new Date().toISOString()}\n`;
        await writeFile(`${target}.error.txt`, note);
      }
      await settleIntake(db, file.id, failed ? 'failed' : 'processed', target);
      wlog.info(
        { file: file.name, reportId: file.reportId, movedTo: target },
        failed ? 'watched file failed' : 'watched file processed',
      );
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
    // A symlink is reported as itself (and left alone by admit), never followed.
    followSymlinks: false,
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
