/**
 * Browser sessions of the review UI: the session cookie, the CSRF token of every form, the
 * role checks of every page and action, and the login rate limit.
 *
 * - Cookie `nianbao_session`: 32 random bytes, HttpOnly, SameSite=Strict, Path=/, Secure when
 *   NIANBAO_SECURE_COOKIES; the database keeps its hash (src/store/users.ts). Sessions end after
 *   NIANBAO_SESSION_HOURS, or NIANBAO_SESSION_IDLE_MIN unused, or at logout.
 * - CSRF: every form carries the session's token in `_csrf`; every POST is refused (403) unless
 *   it matches (constant-time compare), and unless its Origin, when sent, is this host. The
 *   login form, before there is a session, uses a double-submit token (cookie + field).
 * - Roles: viewer < auditor < admin. A page without a session redirects to /login; a role too
 *   low gets 403.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/db.js';
import { getSession, roleAtLeast, type Role, type Session, type SessionLimits } from '../../store/users.js';
import { cookieOf } from '../auth.js';

export const SESSION_COOKIE = 'nianbao_session';
export const LOGIN_COOKIE = 'nianbao_login';

export interface CookieSettings {
  secure: boolean;
}

export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: { path: string; maxAgeSeconds: number; secure: boolean },
): void {
  const cookie =
    `${name}=${value}; Path=${options.path}; HttpOnly; SameSite=Strict; ` +
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}${options.secure ? '; Secure' : ''}`;
  // fastify appends a set-cookie header to those already set (re-sending them would repeat them).
  reply.header('set-cookie', cookie);
}

export function clearCookie(reply: FastifyReply, name: string, path: string, secure: boolean): void {
  setCookie(reply, name, '', { path, maxAgeSeconds: 0, secure });
}

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newLoginToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The form fields of a urlencoded POST (the app's parser makes an object of strings). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A local path to go back to after login: "/…" but not "//…" (another host) and no backslashes. */
export function safeNext(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in a redirect target is refused
    /[\\\u0000-\u001f]/.test(next) ||
    next.length > 500
  )
    return '/queue';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/queue';
  return next;
}

export interface SessionReader {
  /** The request's live session, looked up once per request. */
  read(request: FastifyRequest): Promise<Session | null>;
}

export function createSessionReader(db: Db, limits: SessionLimits): SessionReader {
  const seen = new WeakMap<FastifyRequest, Promise<Session | null>>();
  return {
    read(request) {
      let p = seen.get(request);
      if (!p) {
        const id = cookieOf(request, SESSION_COOKIE);
        p = id ? getSession(db, id, limits) : Promise.resolve(null);
        seen.set(request, p);
      }
      return p;
    },
  };
}

/**
 * Same origin: the Origin header names this host (request.host: the Host header, or the
 * proxy's X-Forwarded-Host with NIANBAO_TRUST_PROXY). Without an Origin header, `required`
 * decides (browsers send one with every cross-site POST, PUT and DELETE).
 */
export function sameOrigin(request: FastifyRequest, required = false): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return !required;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

export interface Guarded {
  session: Session;
}

export type PageRenderer403 = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: 403,
  message: string,
  session: Session | null,
) => FastifyReply;

/**
 * The guard of a page (GET): the session's user when their role is at least `role`; otherwise
 * the reply is sent (redirect to login, or 403) and null returned.
 */
export async function guardPage(
  sessions: SessionReader,
  request: FastifyRequest,
  reply: FastifyReply,
  role: Role,
  forbidden: PageRenderer403,
): Promise<Session | null> {
  const session = await sessions.read(request);
  if (!session) {
    reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  if (!roleAtLeast(session.user.role, role)) {
    forbidden(request, reply, 403, `this page needs the ${role} role; you are ${session.user.role}`, session);
    return null;
  }
  return session;
}

/**
 * The guard of an action (POST): a session (else to login), the CSRF token and origin (else
 * 403), then the role (else 403). Checked in that order, so a forged post never learns more.
 */
export async function guardAction(
  sessions: SessionReader,
  request: FastifyRequest,
  reply: FastifyReply,
  role: Role,
  forbidden: PageRenderer403,
): Promise<Session | null> {
  const session = await sessions.read(request);
  if (!session) {
    let back = '/queue';
    try {
      if (typeof request.headers.referer === 'string')
        back = safeNext(new URL(request.headers.referer, 'http://x').pathname);
    } catch {
      // not a URL: back to the queue
    }
    reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    return null;
  }
  if (!sameOrigin(request) || !sameToken(formOf(request)._csrf, session.csrfToken)) {
    forbidden(
      request,
      reply,
      403,
      'this form is not from this site or has expired (missing or wrong CSRF token): reload the page and try again',
      session,
    );
    return null;
  }
  if (!roleAtLeast(session.user.role, role)) {
    forbidden(request, reply, 403, `this needs the ${role} role; you are ${session.user.role}`, session);
    return null;
  }
  return session;
}

// --- login rate limit ---------------------------------------------------------------------------

export interface LoginAttempt {
  /** Seconds to wait when the attempt is refused (nothing was counted); 0 when it may go ahead. */
  wait: number;
  /** The password was right: the attempt is given back and the name's count from this address cleared. */
  succeeded(): void;
}

/**
 * Login attempts per name and client address, and per address, in a sliding window. An attempt
 * is counted when it starts, before the password hash is computed, so a burst of parallel
 * guesses is refused past the limit instead of being evaluated; a success gives it back. The
 * name is counted together with the address: guesses from one place cannot lock the name's
 * owner out elsewhere. In memory: one `nianbao serve` holds the UI.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly options: { perNameAndAddress: number; perAddress: number; windowMs: number } = {
      perNameAndAddress: 5,
      perAddress: 30,
      windowMs: 15 * 60_000,
    },
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.attempts.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  begin(name: string, address: string, now = Date.now()): LoginAttempt {
    const pair = `n:${name.toLowerCase()}|${address}`;
    const addr = `a:${address}`;
    const byPair = this.recent(pair, now);
    const byAddress = this.recent(addr, now);
    const waits: number[] = [];
    if (byPair.length >= this.options.perNameAndAddress)
      waits.push(byPair[byPair.length - this.options.perNameAndAddress]! + this.options.windowMs - now);
    if (byAddress.length >= this.options.perAddress)
      waits.push(byAddress[byAddress.length - this.options.perAddress]! + this.options.windowMs - now);
    if (waits.length) return { wait: Math.max(1, Math.ceil(Math.max(...waits) / 1000)), succeeded: () => undefined };
    if (this.attempts.size > 100_000) this.attempts.clear();
    this.attempts.set(pair, [...byPair, now]);
    this.attempts.set(addr, [...byAddress, now]);
    return {
      wait: 0,
      succeeded: () => {
        this.attempts.delete(pair);
        const list = this.attempts.get(addr);
        const at = list?.indexOf(now) ?? -1;
        if (list && at >= 0) list.splice(at, 1);
      },
    };
  }
}
