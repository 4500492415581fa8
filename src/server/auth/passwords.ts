// Password hashing: argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

// Verified against when the login does not exist, so an unknown login costs as long as a wrong password.
let dummy: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hash('no account has this password');
  await verify(await dummy, password);
  return false;
}
