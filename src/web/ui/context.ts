/** What the review UI's route modules share. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ReviewContext } from '../../review/review.js';
import type { Db } from '../../store/db.js';
import type { Session, SessionLimits } from '../../store/users.js';
import type { ServiceConfig } from '../../service/config.js';
import type { Queues } from '../../service/queues.js';
import { html } from './html.js';
import { layout, securityHeaders, wordsOf } from './layout.js';
import type { PageRenderer } from './pageImages.js';
import type { LoginLimiter, SessionReader } from './session.js';

export interface UiDeps {
  db: Db;
  queues: Queues;
  config: ServiceConfig;
  log: Logger;
}

export interface UiContext {
  deps: UiDeps;
  sessions: SessionReader;
  renderer: PageRenderer;
  review: ReviewContext;
  limiter: LoginLimiter;
  limits: SessionLimits;
  secureCookies: boolean;
}

export function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return securityHeaders(reply)
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** A page that only says why not (403, 404, …). */
export function refusal(
  _request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  session: Session | null,
): FastifyReply {
  const t = wordsOf(session).refusal;
  const title = status === 403 ? t[403] : status === 404 ? t[404] : t.other;
  return sendHtml(
    reply,
    status,
    layout({ title, session, error: message }, html`<h1>${title}</h1><p><a href="/queue">${t.back}</a></p>`),
  );
}
