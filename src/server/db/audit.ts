// The append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE).
import type { Db, Tx } from './pool';

export interface AuditEntry {
  accountId?: number | null;
  login?: string | null;
  ip?: string | null;
  method?: string | null;
  path?: string | null;
  action: string;
  outcome: 'ok' | 'denied';
  status?: number | null;
  reason?: string | null;
  details?: unknown;
}

export async function audit(db: Db | Tx, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (account_id, login, ip, method, path, action, outcome, status, reason, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.accountId ?? null, e.login ?? null, e.ip ?? null, e.method ?? null, e.path ?? null, e.action, e.outcome, e.status ?? null, e.reason ?? null, e.details === undefined ? null : JSON.stringify(e.details)],
  );
}

/** Failed logins in the last `minutes`, for one login name and for one client address. */
export async function recentLoginFailures(db: Db, login: string, ip: string, minutes: number): Promise<{ byLogin: number; byIp: number }> {
  const { rows } = await db.query<{ by_login: number; by_ip: number }>(
    `SELECT count(*) FILTER (WHERE login = $1)::int AS by_login, count(*) FILTER (WHERE ip = $2)::int AS by_ip
       FROM audit_log
      WHERE action = 'login.failure' AND at > now() - make_interval(mins => $3) AND (login = $1 OR ip = $2)`,
    [login, ip, minutes],
  );
  return { byLogin: rows[0]!.by_login, byIp: rows[0]!.by_ip };
}
