/**
 * The content-addressed file store: every accepted PDF is kept once, under its SHA-256,
 * at <dataDir>/files/ab/cdef….pdf. Nothing the client sends becomes part of a path: names are
 * data, paths come from hashes. Files arrive through a temp file in <dataDir>/tmp that is
 * renamed into place, so a reader never sees half a file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

const STORED_PATH = /^files\/[0-9a-f]{2}\/[0-9a-f]{62}\.pdf$/;

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

/** Streams `source` into a new temp file while hashing it; stops with FileTooLargeError past `maxBytes`. */
export async function writeTempFile(dataDir: string, source: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<TempFile> {
  const dir = join(dataDir, 'tmp');
  await mkdir(dir, { recursive: true });
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
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw err;
  }
  return { path, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks) };
}

/** Copies a file (never moving or changing it) into a temp file, hashing on the way. */
export function copyToTempFile(dataDir: string, sourcePath: string, maxBytes?: number): Promise<TempFile> {
  return writeTempFile(dataDir, createReadStream(sourcePath), maxBytes);
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
  await mkdir(dirname(target), { recursive: true });
  const existing = await stat(target).catch(() => null);
  if (existing && existing.size === temp.size) {
    await unlink(temp.path).catch(() => undefined);
  } else {
    await rename(temp.path, target);
  }
  return relative;
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
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'upload.pdf' : clean;
}
