// The first admin is made from the command line (there is no default password); later accounts are
// made by an admin over the API.
import { LOGIN_PATTERN } from './routes/accounts';
import { insertAccount, provinceExists, type Account } from './db/accounts';
import { audit } from './db/audit';
import { inTransaction, type Db } from './db/pool';
import { MIN_PASSWORD_LENGTH, hashPassword } from './auth/passwords';

export async function createAdmin(db: Db, login: string, password: string, provinceCode: string | null): Promise<Account> {
  if (!LOGIN_PATTERN.test(login)) throw new Error(`login "${login}" must be 3-64 characters: a-z, 0-9, ".", "_" or "-", starting with a letter or digit`);
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (provinceCode !== null && !(await provinceExists(db, provinceCode))) throw new Error(`province ${provinceCode} is not in the hub`);
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    const account = await insertAccount(tx, { login, passwordHash, role: 'admin', provinceCode, unitCode: null, createdBy: null });
    if (!account) throw new Error(`login ${login} is taken`);
    await audit(tx, { accountId: account.id, action: 'accounts.create-admin', outcome: 'ok', details: { via: 'command line', provinceCode } });
    return account;
  });
}
