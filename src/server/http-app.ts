// The hub's HTTP application: routes over a database pool. Listening (and TLS) is main.ts's business,
// so tests drive this with fastify.inject. (Not named app.ts: the layer rules reserve `app` for src/app/.)
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { HubConfig } from './config';
import { audit } from './db/audit';
import { databaseUnavailable, type Db } from './db/pool';
import { Denied, RequestError, refusalAnswer } from './errors';
import { accountRoutes } from './routes/accounts';
import { appFileRoutes } from './routes/app-files';
import { crossBorderRoutes } from './routes/cross-borders';
import { dashboardRoutes } from './routes/dashboard';
import { decisionRoutes } from './routes/decisions';
import { proposalRoutes } from './routes/proposals';
import { provinceRoutes } from './routes/province';
import { sessionRoutes } from './routes/session';
import { submissionRoutes } from './routes/submissions';
import { syncRoutes } from './routes/sync';

export interface HubContext {
  db: Db;
  config: HubConfig;
}

/** Largest accepted request body: a province-wide border proposal fits well within it. */
export const BODY_LIMIT = 8 * 1024 * 1024;

export function buildApp(ctx: HubContext, opts: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    ...(ctx.config.tls ? { https: { cert: ctx.config.tls.cert, key: ctx.config.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  app.register(cookie);
  app.decorateRequest('session', null);

  app.setErrorHandler(async (err: FastifyError | Error, req, reply) => {
    if (err instanceof Denied) {
      await audit(ctx.db, {
        accountId: req.session?.account.id ?? null,
        login: err.login ?? null,
        ip: req.ip,
        method: req.method,
        path: req.url,
        action: err.action,
        outcome: 'denied',
        status: err.status,
        reason: err.message,
      });
      const { status, body } = refusalAnswer(err);
      return reply.code(status).send(body);
    }
    if (err instanceof RequestError) {
      const { status, body } = refusalAnswer(err);
      return reply.code(status).send(body);
    }
    // PostgreSQL down or restarting: the client tries again later (a sync push resumes where it stopped).
    if (databaseUnavailable(err)) {
      console.error(`hub: ${req.method} ${req.url}: the database is unavailable: ${err.message}`);
      return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: 'the database is unavailable; try again shortly' });
    }
    // Fastify's own refusals: malformed JSON, oversized body, unsupported media type.
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: 'bad_request', message: err.message });
    req.log.error(err);
    console.error(`hub: ${req.method} ${req.url} failed:`, err);
    return reply.code(500).send({ error: 'internal', message: 'internal error; the hub logged it' });
  });

  sessionRoutes(app, ctx);
  accountRoutes(app, ctx);
  proposalRoutes(app, ctx);
  decisionRoutes(app, ctx);
  provinceRoutes(app, ctx);
  submissionRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  syncRoutes(app, ctx);
  crossBorderRoutes(app, ctx);
  if (ctx.config.appDir) appFileRoutes(app, ctx.config.appDir);
  // Any other method or path (an unknown /api/ route included): JSON, as every answer of the API.
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
  return app;
}
