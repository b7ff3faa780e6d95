/** The frame of every review page (header, navigation, who is signed in) and the static assets. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { Session } from '../../store/users.js';
import { html, type Html } from './html.js';
import { messagesFor, type Messages } from './messages.js';

function asset(name: string, type: string): { body: Buffer; type: string; url: string } {
  const body = readFileSync(fileURLToPath(new URL(`./static/${name}`, import.meta.url)));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, type, url: `/static/${name}?v=${hash}` };
}

/** Served from memory at fixed paths: no request path ever reaches the file system. */
export const ASSETS = {
  'review.css': asset('review.css', 'text/css; charset=utf-8'),
  'review.js': asset('review.js', 'text/javascript; charset=utf-8'),
} as const;

/** Security headers of every UI response: scripts and styles only from this origin, no framing. */
export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action " +
        "'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
}

export interface PageOptions {
  title: string;
  session: Session | null;
  active?: 'queue' | 'manage' | 'agencies' | 'overview';
  /** A message about the last action (green). */
  notice?: string | null;
  /** Why the last action was refused (red). */
  error?: string | null;
  bodyClass?: string;
}

/** The words of a page for whoever is signed in (Chinese when nobody is). */
export function wordsOf(session: Session | null): Messages {
  return messagesFor(session?.user.language);
}

export function layout(o: PageOptions, main: Html): string {
  const s = o.session;
  const t = wordsOf(s);
  const roleName = s ? (t.roles[s.user.role] ?? s.user.role) : '';
  const nav = s
    ? html`<nav>
        <a href="/queue" class="${o.active === 'queue' ? 'active' : ''}">${t.nav.queue}</a>
        <a href="/agencies" class="${o.active === 'agencies' ? 'active' : ''}">${t.nav.agencies}</a>
        <a href="/overview" class="${o.active === 'overview' ? 'active' : ''}">${t.nav.overview}</a>
        ${
          s.user.role === 'admin'
            ? html`<a href="/manage"
          class="${o.active === 'manage' ? 'active' : ''}">${t.nav.manage}</a>`
            : ''
        }
      </nav>
      <div class="who">
        <span class="user">${s.user.name}</span> <span class="role role-${s.user.role}">${roleName}</span>
        <form method="post" action="/language" class="inline"><input type="hidden"
          name="_csrf" value="${s.csrfToken}"><input type="hidden"
            name="language" value="${s.user.language === 'en' ? 'zh' : 'en'}"><button class="link" id="language-switch"
              lang="${s.user.language === 'en' ? 'zh-CN' : 'en'}">${t.nav.language}</button></form>
        <form method="post" action="/logout" class="inline"><input type="hidden"
          name="_csrf" value="${s.csrfToken}"><button class="link">${t.nav.logout}</button></form>
      </div>`
    : '';
  // The document is Chinese (the reports' content always is); an English user's interface says so on <body>.
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${t.brand}</title>
<link rel="stylesheet" href="${ASSETS['review.css'].url}">
<script src="${ASSETS['review.js'].url}" defer></script>
</head>
<body class="${o.bodyClass ?? ''}" lang="${t.lang}">
<header class="top"><a class="brand" href="/queue">年报 <b>nianbao</b> ${t.brandTail}</a>${nav}</header>
${o.notice ? html`<p class="banner notice" role="status">${o.notice}</p>` : ''}
${o.error ? html`<p class="banner error" role="alert">${o.error}</p>` : ''}
<main>${main}</main>
</body>
</html>`.value;
}

/** A date as the pages show it: UTC, to the second. */
export function when(d: Date | null | undefined): string {
  if (!d) return '';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
