import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { FieldProblem } from '../errors.js';

/**
 * Passwords are hashed with scrypt (Node's own, no native add-on) and stored self-describing as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64), so the cost can be raised later: `needsRehash`
 * tells the login use case to re-hash with the current parameters after a successful sign-in.
 * Passwords are never logged and never written to the audit log.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * About 32 MiB and 0.1 s per hash. OWASP suggests N = 2^17 where memory allows; raising these values is
 * safe at any time, because stored hashes carry their own parameters and are upgraded at next sign-in.
 */
export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Cap on accepted password length, so a megabyte "password" cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;

function deriveKey(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; leave head-room over Node's 32 MiB default.
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return null;
  // N must be a power of two above 1; refuse absurd costs from a tampered row.
  if ((N & (N - 1)) !== 0 || N < 2 || N > 2 ** 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || key.length === 0) return null;
  return { params: { N, r, p }, salt, key };
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, params, KEY_BYTES);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await deriveKey(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash uses other parameters than the current ones (or is unreadable). */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return (
    parsed.params.N !== params.N ||
    parsed.params.r !== params.r ||
    parsed.params.p !== params.p ||
    parsed.key.length !== KEY_BYTES
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for sign-ins with an unknown username, so response
 * time does not reveal which usernames exist. Always resolves to false.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/**
 * The password policy for new passwords (create user, reset, change own). Returns the problems, each
 * naming `field`, empty when the password is acceptable. Messages are i18n keys.
 */
export function checkPasswordPolicy(password: string, username: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_LENGTH) {
    problems.push({ field, message: 'auth.password.too_short', params: { min: MIN_PASSWORD_LENGTH } });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push({ field, message: 'auth.password.too_long', params: { max: MAX_PASSWORD_LENGTH } });
  }
  if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) {
    problems.push({ field, message: 'auth.password.same_as_username' });
  }
  if (chars.length > 0 && chars.every((c) => c === chars[0])) {
    problems.push({ field, message: 'auth.password.one_character' });
  }
  return problems;
}

const GENERATED_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A strong random password for printing once (CLI, demo): 20 characters from 54 unambiguous ones,
 * about 115 bits. Rejection sampling keeps every character equally likely.
 */
export function generatePassword(length = 20): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 256 - (256 % GENERATED_ALPHABET.length))
        out += GENERATED_ALPHABET[byte % GENERATED_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}
