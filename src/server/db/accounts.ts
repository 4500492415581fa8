// Accounts: who may do what (docs/hub.md, "Rights").
import type { Db, Tx } from './pool';

export type Role = 'admin' | 'ward' | 'reviewer';

export interface Account {
  id: number;
  login: string;
  role: Role;
  /** null only for an admin of the whole hub. */
  provinceCode: string | null;
  /** The ward's unit; null for admins and reviewers. */
  unitCode: string | null;
}

interface Row {
  id: number;
  login: string;
  role: Role;
  province_code: string | null;
  unit_code: string | null;
}

const fromRow = (r: Row): Account => ({ id: r.id, login: r.login, role: r.role, provinceCode: r.province_code, unitCode: r.unit_code });

export interface NewAccount {
  login: string;
  passwordHash: string;
  role: Role;
  provinceCode: string | null;
  unitCode: string | null;
  createdBy: number | null;
}

/** Inserts an account; returns null when the login is taken. */
export async function insertAccount(db: Db | Tx, a: NewAccount): Promise<Account | null> {
  const { rows } = await db.query<Row>(
    `INSERT INTO accounts (login, password_hash, role, province_code, unit_code, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (login) DO NOTHING
     RETURNING id, login, role, province_code, unit_code`,
    [a.login, a.passwordHash, a.role, a.provinceCode, a.unitCode, a.createdBy],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** An enabled account and its password hash, by login. */
export async function accountForLogin(db: Db, login: string): Promise<(Account & { passwordHash: string }) | null> {
  const { rows } = await db.query<Row & { password_hash: string }>(
    `SELECT id, login, role, province_code, unit_code, password_hash FROM accounts WHERE login = $1 AND disabled_at IS NULL`,
    [login],
  );
  const r = rows[0];
  return r ? { ...fromRow(r), passwordHash: r.password_hash } : null;
}

export async function listAccounts(db: Db, provinceCode: string | null): Promise<Account[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, login, role, province_code, unit_code FROM accounts
      WHERE $1::text IS NULL OR province_code = $1 ORDER BY id`,
    [provinceCode],
  );
  return rows.map(fromRow);
}

export async function provinceExists(db: Db | Tx, code: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM provinces WHERE code = $1', [code]);
  return rowCount === 1;
}

export { fromRow as accountFromRow };
export type { Row as AccountRow };
