// Sessions: the cookie carries 32 random bytes; the database keeps only their SHA-256, and the
// SHA-256 of the session's CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { accountFromRow, type Account, type AccountRow } from '../db/accounts';
import type { Db } from '../db/pool';

export const SESSION_COOKIE = 'hub_session';
export const CSRF_HEADER = 'x-csrf-token';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const token = () => randomBytes(32).toString('base64url');

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, accountId: number, hours: number, ip: string): Promise<NewSession> {
  // Expired sessions are useless: dropped here, so the table does not grow with every login.
  await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  const sessionId = token();
  const csrfToken = token();
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (id_hash, account_id, csrf_hash, expires_at, ip)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5) RETURNING expires_at`,
    [sha256(sessionId), accountId, sha256(csrfToken), hours, ip],
  );
  return { sessionId, csrfToken, expiresAt: rows[0]!.expires_at };
}

export interface Session {
  account: Account;
  csrfHash: Buffer;
  idHash: Buffer;
}

/** The live session of a cookie value, or null (unknown, expired, or its account disabled). */
export async function findSession(db: Db, sessionId: string): Promise<Session | null> {
  const idHash = sha256(sessionId);
  const { rows } = await db.query<AccountRow & { csrf_hash: Buffer }>(
    `SELECT a.id, a.login, a.role, a.province_code, a.unit_code, s.csrf_hash
       FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id_hash = $1 AND s.expires_at > now() AND a.disabled_at IS NULL`,
    [idHash],
  );
  const r = rows[0];
  return r ? { account: accountFromRow(r), csrfHash: r.csrf_hash, idHash } : null;
}

export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  return timingSafeEqual(session.csrfHash, sha256(presented));
}

export async function deleteSession(db: Db, idHash: Buffer): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}
