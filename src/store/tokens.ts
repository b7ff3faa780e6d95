/**
 * API bearer tokens. A token is 32 random bytes (base64url) with a `nbk_` prefix; only its
 * SHA-256 is stored, so the database never holds a usable token. (A slow password hash is not
 * needed: the token has 256 bits of entropy, nothing to guess.)
 *
 * With the embedded database a running `nianbao serve` holds the database, so
 * `nianbao token create` then leaves the hashed token in <dataDir>/pending-tokens/, and the
 * server takes it in at its next authentication miss (importPendingTokens).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from './db.js';

export interface TokenInfo {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function newToken(): string {
  return `nbk_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function insertTokenHash(db: Queryable, name: string, tokenHash: string): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO api_tokens (name, token_hash) VALUES ($1, $2) ON CONFLICT (token_hash) DO UPDATE SET name = ` +
      `EXCLUDED.name RETURNING id`,
    [name, tokenHash],
  );
  return r.rows[0]!.id;
}

/** Makes a token, stores its hash, and returns the token (shown once, never stored). */
export async function createToken(db: Queryable, name: string): Promise<{ id: number; token: string }> {
  const token = newToken();
  const id = await insertTokenHash(db, name, hashToken(token));
  return { id, token };
}

/** The token's id and name when it is valid (known, not revoked). */
export async function verifyToken(db: Queryable, token: string): Promise<{ id: number; name: string } | null> {
  if (!/^nbk_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const r = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  );
  const row = r.rows[0];
  if (!row) return null;
  await db.query(
    `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - ` +
      `interval '1 minute')`,
    [row.id],
  );
  return row;
}

export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const r = await db.query<{
    id: number;
    name: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>('SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY id');
  return r.rows.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
}

export async function revokeToken(db: Queryable, id: number): Promise<boolean> {
  const r = await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return r.rowCount > 0;
}

// --- tokens made while the embedded database was held by a server -------------------------------

const pendingDir = (dataDir: string): string => join(dataDir, 'pending-tokens');

/** Leaves a hashed token for the running server to take in. Returns the token. */
export async function createPendingToken(dataDir: string, name: string): Promise<string> {
  const token = newToken();
  const dir = pendingDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const hash = hashToken(token);
  const tmp = join(dir, `${hash}.tmp`);
  await writeFile(tmp, JSON.stringify({ name, tokenHash: hash }), { mode: 0o600 });
  await rename(tmp, join(dir, `${hash}.json`));
  return token;
}

/** Moves hashed tokens left in <dataDir>/pending-tokens into the database. Returns how many. */
export async function importPendingTokens(db: Queryable, dataDir: string): Promise<number> {
  const dir = pendingDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  let n = 0;
  for (const name of names.filter((f) => f.endsWith('.json'))) {
    const path = join(dir, name);
    try {
      const entry = JSON.parse(await readFile(path, 'utf8')) as { name?: unknown; tokenHash?: unknown };
      if (
        typeof entry.name === 'string' &&
        typeof entry.tokenHash === 'string' &&
        /^[0-9a-f]{64}$/.test(entry.tokenHash)
      ) {
        await insertTokenHash(db, entry.name, entry.tokenHash);
        n++;
      }
      await unlink(path);
    } catch {
      // unreadable or half-written: try again next time
    }
  }
  return n;
}

// --- bull-board sessions (POST /admin/login with a token) ----------------------------------------

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const ADMIN_SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A session for bull-board made with a token: returns the cookie value (the database keeps its hash). */
export async function createAdminSession(db: Queryable, tokenId: number, maxAgeMs: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM admin_sessions WHERE expires_at < now()');
  await db.query(
    `INSERT INTO admin_sessions (id_hash, token_id, expires_at) VALUES ($1, $2, now() + ($3::int * interval '1 ` +
      `millisecond'))`,
    [sha256(id), tokenId, Math.round(maxAgeMs)],
  );
  return id;
}

/** The token behind a live bull-board session (not expired, the token not revoked). */
export async function getAdminSession(db: Queryable, id: string): Promise<{ tokenId: number; name: string } | null> {
  if (!ADMIN_SESSION_ID.test(id)) return null;
  const r = await db.query<{ id: number; name: string }>(
    `SELECT t.id, t.name FROM admin_sessions s JOIN api_tokens t ON t.id = s.token_id
     WHERE s.id_hash = $1 AND s.expires_at > now() AND t.revoked_at IS NULL`,
    [sha256(id)],
  );
  return r.rows[0] ? { tokenId: r.rows[0].id, name: r.rows[0].name } : null;
}
