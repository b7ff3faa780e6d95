/**
 * The content-addressed file store: every accepted PDF is kept once, under its SHA-256,
 * at <dataDir>/files/ab/cdef….pdf. Nothing the client sends becomes part of a path: names are
 * data, paths come from hashes. Files arrive through a temp file in <dataDir>/tmp that is
 * renamed into place, so a reader never sees half a file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

const STORED_PATH = /^files\/[0-9a-f]{2}\/[0-9a-f]{62}\.pdf$/;

/**
 * The data dir holds the reports, the database and the tokens' hashes: its owner's alone.
 * Sets the process umask to 077 (so everything made from now on — the store, PGlite's files, the
 * page cache, by this process and its children — is 0600/0700) and makes the dir 0700.
 */
export async function restrictDataDir(dataDir: string): Promise<{ restricted: boolean }> {
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // A dir owned by someone else (a mounted volume) cannot be changed by us: the caller says so.
  return chmod(dataDir, 0o700).then(
    () => ({ restricted: true }),
    () => ({ restricted: false }),
  );
}

/** files/ab/cdef….pdf, relative to the data dir. */
export function storedPathOf(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `files/${sha256.slice(0, 2)}/${sha256.slice(2)}.pdf`;
}

/** The absolute path of a stored file; refuses anything but a store path (job data is input too). */
export function resolveStoredPath(dataDir: string, relative: string): string {
  if (!STORED_PATH.test(relative)) throw new Error(`not a path of the file store: ${JSON.stringify(relative)}`);
  return join(dataDir, relative);
}

export async function readStoredFile(dataDir: string, relative: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(resolveStoredPath(dataDir, relative)));
}

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export interface TempFile {
  /** Absolute path in <dataDir>/tmp. */
  path: string;
  sha256: string;
  size: number;
  /** The first KiB, for the PDF magic check. */
  head: Buffer;
}

/**
 * The data dir refused a write (disk full, read-only, not a directory …): the file was not
 * stored, nothing half-written is left. `code` is the system's (ENOSPC, EROFS, …).
 */
export class StoreWriteError extends Error {
  constructor(
    readonly code: string,
    cause: unknown,
  ) {
    super(`the data directory refuses writes (${code}): the file was not stored`, { cause });
    this.name = 'StoreWriteError';
  }
  /** The disk (or quota) is full, rather than the store being unwritable. */
  get full(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EDQUOT';
  }
}

/** Runs a write to the store; a file-system error becomes a StoreWriteError. */
async function storeWrite<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new StoreWriteError(code, err);
    throw err;
  }
}

/** Streams `source` into a new temp file while hashing it; stops with FileTooLargeError past `maxBytes`. */
export async function writeTempFile(
  dataDir: string,
  source: Readable,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<TempFile> {
  const dir = join(dataDir, 'tmp');
  await storeWrite(() => mkdir(dir, { recursive: true, mode: 0o700 }));
  const path = join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const headChunks: Buffer[] = [];
  let headSize = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > maxBytes) {
        cb(new FileTooLargeError(maxBytes));
        return;
      }
      if (headSize < 1024) {
        headChunks.push(chunk.subarray(0, 1024 - headSize));
        headSize += Math.min(chunk.length, 1024 - headSize);
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  let writeFailed = false;
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  out.once('error', () => (writeFailed = true));
  try {
    await pipeline(source, meter, out);
  } catch (err) {
    await unlink(path).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (writeFailed && typeof code === 'string') throw new StoreWriteError(code, err);
    throw err;
  }
  return { path, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks) };
}

/** Copies an open file (never moving or changing it) into a temp file, hashing on the way; the handle stays open. */
export function copyToTempFile(dataDir: string, source: FileHandle, maxBytes?: number): Promise<TempFile> {
  return writeTempFile(dataDir, source.createReadStream({ start: 0, autoClose: false }), maxBytes);
}

/** Why a file in a watched folder is not read: it is not a regular file whose real path is in the folder. */
export class NotARegularFileError extends Error {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'NotARegularFileError';
  }
}

/**
 * Opens `name` in `dir` for reading, only when it is a regular file that really is in `dir`:
 * not a symlink (lstat, and O_NOFOLLOW so one swapped in afterwards is not followed either),
 * not a device or FIFO (O_NONBLOCK: opening one never hangs), its real path inside the folder.
 * Throws NotARegularFileError otherwise.
 */
export async function openRegularFileIn(
  dir: string,
  name: string,
): Promise<{ handle: FileHandle; size: number; mtimeMs: number; ino: number }> {
  const path = join(dir, name);
  const before = await lstat(path);
  if (!before.isFile())
    throw new NotARegularFileError(
      name,
      before.isSymbolicLink() ? 'a symlink, not a regular file' : 'not a regular file',
    );
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new NotARegularFileError(name, 'a symlink, not a regular file');
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev)
      throw new NotARegularFileError(name, 'not a regular file (it was replaced while being opened)');
    const [real, realDir] = await Promise.all([realpath(path), realpath(dir)]);
    if (dirname(real) !== realDir) throw new NotARegularFileError(name, `its real path ${real} is outside the folder`);
    return { handle, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * True when the file ends like a whole PDF: `%%EOF` or `startxref` in its last KiB (a copy still being written does
 * not).
 */
export async function hasPdfTrailer(handle: FileHandle, size: number): Promise<boolean> {
  const length = Math.min(size, 1024);
  if (length === 0) return false;
  const tail = Buffer.alloc(length);
  const { bytesRead } = await handle.read(tail, 0, length, size - length);
  return /%%EOF|startxref/.test(tail.subarray(0, bytesRead).toString('latin1'));
}

/** True when the bytes carry a PDF header within the first KiB (as pdfjs and PDF readers accept). */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, 1024).toString('latin1').includes('%PDF-');
}

/**
 * Moves a temp file into the store under its hash. When the store already holds the same
 * content the temp file is dropped. Returns the stored path relative to the data dir.
 */
export async function commitTempFile(dataDir: string, temp: TempFile): Promise<string> {
  const relative = storedPathOf(temp.sha256);
  const target = join(dataDir, relative);
  try {
    await storeWrite(() => mkdir(dirname(target), { recursive: true, mode: 0o700 }));
    const existing = await stat(target).catch(() => null);
    if (existing && existing.size === temp.size) {
      await unlink(temp.path).catch(() => undefined);
    } else {
      await storeWrite(() => rename(temp.path, target));
    }
  } catch (err) {
    await discardTempFile(temp);
    throw err;
  }
  return relative;
}

/** Removes a stored file (a report superseded before it produced anything). */
export async function removeStoredFile(dataDir: string, relative: string): Promise<void> {
  await unlink(resolveStoredPath(dataDir, relative)).catch(() => undefined);
}

export async function discardTempFile(temp: TempFile): Promise<void> {
  await unlink(temp.path).catch(() => undefined);
}

/**
 * A file name from a client, reduced to data that is safe to show and store: the last path
 * component (either slash), no control characters, at most 255 characters. Never used as a path.
 */
export function cleanFileName(name: string | undefined | null): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'upload.pdf' : clean;
}
