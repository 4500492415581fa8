// Who is asking: the session of the request's cookie, with the CSRF check for mutating requests.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/pool';
import { Denied } from '../errors';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches, findSession, type Session } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the request's session is known, so a later denial is audited with its account. */
    session: Session | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's live session; 401 without one; 403 when a mutating request lacks the session's CSRF token. */
export async function requireSession(db: Db, req: FastifyRequest): Promise<Session> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id) throw new Denied(401, 'session', 'not logged in: log in first (POST /api/login)');
  const session = await findSession(db, id);
  if (!session) throw new Denied(401, 'session', 'the session is unknown or expired: log in again');
  req.session = session;
  if (!SAFE_METHODS.has(req.method)) {
    const header = req.headers[CSRF_HEADER];
    if (!csrfMatches(session, typeof header === 'string' ? header : undefined)) {
      throw new Denied(403, 'csrf', `missing or wrong ${CSRF_HEADER} header: send the csrfToken the login returned`);
    }
  }
  return session;
}

/** Throws a 403 for `action` when `refusal` gives a reason. */
export function allow(action: string, refusal: string | null): void {
  if (refusal !== null) throw new Denied(403, action, refusal);
}
