/** POST /language (language=zh|en): the signed-in user's choice of the review UI's language, kept with the user. */
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../store/review.js';
import { setUserLanguage } from '../../store/users.js';
import { LANGUAGES, type Language } from '../../validate/ruleTitles.js';
import { refusal, type UiContext } from './context.js';
import { formOf, guardAction, safeNext } from './session.js';

export function registerLanguage(app: FastifyInstance, ctx: UiContext): void {
  app.post('/language', async (request, reply) => {
    const session = await guardAction(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const form = formOf(request);
    const language = form.language as Language;
    if (!LANGUAGES.includes(language)) return refusal(request, reply, 400, 'language: zh or en', session);
    if (language !== session.user.language) {
      await ctx.deps.db.transaction(async (tx) => {
        await setUserLanguage(tx, session.user.id, language);
        await appendAudit(tx, {
          userName: session.user.name,
          userId: session.user.id,
          action: 'user_language',
          oldValue: session.user.language,
          newValue: language,
        });
      });
    }
    // Back where the switch was pressed (the same page, in the other language).
    let back = '/queue';
    try {
      if (typeof request.headers.referer === 'string') {
        const u = new URL(request.headers.referer, 'http://x');
        back = safeNext(`${u.pathname}${u.search}`);
      }
    } catch {
      // a referer that is no URL: the queue
    }
    return reply.redirect(back, 303);
  });
}
