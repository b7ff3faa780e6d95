/**
 * People who use the review UI, and their browser sessions.
 *
 * Passwords: scrypt (node:crypto), N = 2^17, r = 8, p = 1 (OWASP's minimum), 16-byte salt,
 * 32-byte hash, stored as `scrypt$17$8$1$<salt>$<hash>` (base64url) so the parameters can be
 * raised later: a hash made with weaker ones is made again at the next login. Compared with
 * timingSafeEqual. A name that does not exist costs the same hash as one that does.
 *
 * Sessions: the cookie holds 32 random bytes; the database keeps their SHA-256 (a stolen
 * database yields no usable session), a per-session CSRF token, an absolute expiry and the last
 * time it was seen (the idle limit).
 *
 * With the embedded database a running `nianbao serve` holds the database, so
 * `nianbao user add` then leaves the user (password already hashed) in <dataDir>/pending-users/
 * and the server takes it in at start and at a login of an unknown name (importPendingUsers).
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from './db.js';
import { appendAudit } from './review.js';
import type { Language } from '../validate/ruleTitles.js';

export const ROLES = ['viewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** viewer < auditor < admin: each role may do what the ones before it may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export interface User {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  /** The review UI's language: Chinese unless the user chose English. */
  language: Language;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
  disabled_at: Date | null;
  language: Language;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  language: r.language === 'en' ? 'en' : 'zh',
});

// --- passwords ----------------------------------------------------------------------------------

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}
export const SCRYPT: ScryptParams & { keyLength: number } = { logN: 17, r: 8, p: 1, keyLength: 32 };

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const scryptOptions = (logN: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** logN,
  r,
  p,
  maxmem: 256 * 2 ** logN * r + 1024 * 1024,
});

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keyLength, scryptOptions(params.logN, params.r, params.p));
  return `scrypt$${params.logN}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when the stored hash was made with weaker settings than today's (it is made again at login). */
export function needsRehash(stored: string): boolean {
  const [kind, logN, r, p] = stored.split('$');
  return kind !== 'scrypt' || Number(logN) < SCRYPT.logN || Number(r) < SCRYPT.r || Number(p) < SCRYPT.p;
}

/** True when `password` matches the stored hash. Constant-time compare; malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || expected.length < 16) return false;
  const key = await scrypt(password.slice(0, MAX_PASSWORD_LENGTH), salt, expected.length, scryptOptions(logN, r, p));
  return timingSafeEqual(key, expected);
}

/** A hash of a password nobody knows: checked against when the name is unknown, so both cases take as long. */
let dummyHash: Promise<string> | null = null;
const dummy = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(24).toString('base64url')));

// --- users --------------------------------------------------------------------------------------

export class UserExistsError extends Error {
  constructor(readonly userName: string) {
    super(`a user named "${userName}" exists already`);
    this.name = 'UserExistsError';
  }
}

export async function insertUser(
  db: Queryable,
  input: { name: string; role: Role; passwordHash: string },
): Promise<User> {
  if (!USER_NAME.test(input.name))
    throw new Error(`user names are 1–64 of A–Z a–z 0–9 . _ @ -: ${JSON.stringify(input.name)}`);
  const r = await db.query<UserRow>(
    `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING
     RETURNING id, name, role, password_hash, created_at, disabled_at, language`,
    [input.name, input.role, input.passwordHash],
  );
  if (!r.rows[0]) throw new UserExistsError(input.name);
  return toUser(r.rows[0]);
}

export async function createUser(db: Queryable, input: { name: string; role: Role; password: string }): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem);
  return insertUser(db, { name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
}

export async function getUser(db: Queryable, id: number): Promise<User | null> {
  const r = await db.query<UserRow>(
    'SELECT id, name, role, password_hash, created_at, disabled_at, language FROM users WHERE id = $1',
    [id],
  );
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function findUserByName(db: Queryable, name: string): Promise<User | null> {
  const r = await db.query<UserRow>(
    'SELECT id, name, role, password_hash, created_at, disabled_at, language FROM users WHERE name = $1',
    [name],
  );
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const r = await db.query<UserRow>(
    'SELECT id, name, role, password_hash, created_at, disabled_at, language FROM users ORDER BY name',
  );
  return r.rows.map(toUser);
}

export async function setUserRole(db: Queryable, id: number, role: Role): Promise<boolean> {
  return (await db.query('UPDATE users SET role = $2 WHERE id = $1', [id, role])).rowCount > 0;
}

/** Disabling ends the user's sessions too. */
/** The user's language for the review UI. */
export async function setUserLanguage(db: Queryable, id: number, language: Language): Promise<boolean> {
  const r = await db.query('UPDATE users SET language = $2 WHERE id = $1', [id, language]);
  return r.rowCount > 0;
}

export async function setUserDisabled(db: Queryable, id: number, disabled: boolean): Promise<boolean> {
  const r = await db.query(`UPDATE users SET disabled_at = ${disabled ? 'now()' : 'NULL'} WHERE id = $1`, [id]);
  if (disabled) await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  return r.rowCount > 0;
}

/** A new password ends the user's sessions. */
export async function setUserPasswordHash(db: Queryable, id: number, passwordHash: string): Promise<boolean> {
  const r = await db.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [
    id,
    passwordHash,
  ]);
  await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  return r.rowCount > 0;
}

/**
 * The user when the name and password match an enabled user; null otherwise. Takes the same
 * time whether or not the name exists.
 */
export async function authenticate(db: Queryable, name: string, password: string): Promise<User | null> {
  const r = USER_NAME.test(name)
    ? await db.query<UserRow>(
        'SELECT id, name, role, password_hash, created_at, disabled_at, language FROM users WHERE name = $1',
        [name],
      )
    : { rows: [] as UserRow[] };
  const row = r.rows[0];
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummy()));
  if (!row || !ok || row.disabled_at !== null) return null;
  if (needsRehash(row.password_hash)) {
    // Same password, today's settings; the sessions stay (it is the user who just logged in).
    await db.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [
      row.id,
      await hashPassword(password),
      row.password_hash,
    ]);
  }
  return toUser(row);
}

// --- sessions -----------------------------------------------------------------------------------

export interface SessionLimits {
  /** Absolute lifetime. */
  maxAgeMs: number;
  /** A session unused this long ends. */
  idleMs: number;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: Date;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session for the user: returns the cookie value (shown once) and the CSRF token. */
export async function createSession(
  db: Queryable,
  userId: number,
  limits: SessionLimits,
): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + limits.maxAgeMs);
  await db.query('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256(id),
    userId,
    csrfToken,
    expiresAt,
  ]);
  // Sweep ended sessions now and then (every login).
  await db.query(
    `DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < now() - ($1::int * interval '1 millisecond')`,
    [Math.round(limits.idleMs)],
  );
  return { id, csrfToken, expiresAt };
}

/** The session's user and CSRF token when the session is alive (not expired, not idle too long, user enabled). */
export async function getSession(db: Queryable, id: string, limits: SessionLimits): Promise<Session | null> {
  if (!SESSION_ID.test(id)) return null;
  const r = await db.query<UserRow & { csrf_token: string; expires_at: Date; last_seen_at: Date; idle: boolean }>(
    `SELECT u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled_at, u.language, s.csrf_token, ` +
      `s.expires_at, s.last_seen_at,
       (s.last_seen_at < now() - ($2::int * interval '1 millisecond')) AS idle
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now()`,
    [sha256(id), Math.round(limits.idleMs)],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.idle || row.disabled_at !== null) {
    await deleteSession(db, id);
    return null;
  }
  // Keep it alive, at most one write a minute.
  await db.query(
    `UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1 AND last_seen_at < now() - interval '1 minute'`,
    [sha256(id)],
  );
  return { user: toUser(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  if (!SESSION_ID.test(id)) return;
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(id)]);
}

// --- users added while the embedded database was held by a server --------------------------------

const pendingDir = (dataDir: string): string => join(dataDir, 'pending-users');

export interface PendingUser {
  action: 'add' | 'password';
  name: string;
  role?: Role;
  passwordHash: string;
}

/** Leaves a user (password hashed) for the running server to take in. */
export async function createPendingUser(dataDir: string, entry: PendingUser): Promise<void> {
  const dir = pendingDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = `${Date.now()}-${randomBytes(6).toString('hex')}`;
  await writeFile(join(dir, `${file}.tmp`), JSON.stringify(entry), { mode: 0o600 });
  await rename(join(dir, `${file}.tmp`), join(dir, `${file}.json`));
}

/**
 * Takes in users left in <dataDir>/pending-users (in the order they were made). Returns what was
 * done, for the log: an `add` of a name that exists is skipped (the existing user stays).
 */
export async function importPendingUsers(
  db: Queryable,
  dataDir: string,
): Promise<{ applied: string[]; skipped: string[] }> {
  const dir = pendingDir(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const e = JSON.parse(await readFile(path, 'utf8')) as Partial<PendingUser>;
      const valid =
        typeof e.name === 'string' &&
        USER_NAME.test(e.name) &&
        typeof e.passwordHash === 'string' &&
        e.passwordHash.startsWith('scrypt$');
      if (valid && e.action === 'add' && isRole(e.role)) {
        try {
          const user = await insertUser(db, { name: e.name!, role: e.role, passwordHash: e.passwordHash! });
          await appendAudit(db, {
            userName: 'cli (pending)',
            userId: null,
            action: 'user_add',
            newValue: `${user.name} (${user.role})`,
          });
          applied.push(`add ${e.name}`);
        } catch (err) {
          if (!(err instanceof UserExistsError)) throw err;
          skipped.push(`add ${e.name}: exists`);
        }
      } else if (valid && e.action === 'password') {
        const user = await findUserByName(db, e.name!);
        if (user) {
          await setUserPasswordHash(db, user.id, e.passwordHash!);
          await appendAudit(db, {
            userName: 'cli (pending)',
            userId: null,
            action: 'user_password',
            newValue: user.name,
          });
          applied.push(`password ${e.name}`);
        } else skipped.push(`password ${e.name}: no such user`);
      } else skipped.push(`${name}: not a pending user`);
      await unlink(path);
    } catch {
      // unreadable or half-written: try again next time
    }
  }
  return { applied, skipped };
}
