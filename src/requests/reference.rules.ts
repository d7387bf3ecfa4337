import { createHash, randomBytes } from 'node:crypto';

/**
 * Reference numbers and query codes. The reference (`DG-2026-000123`) is public and easy to read
 * out on the phone; the query code is the applicant's password for tracking, withdrawing and
 * answering a correction online: random, shown once, only its hash stored.
 */

/** `DG-2026-000123`: the city's prefix, the receipt year, the year's sequence number. */
export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

/** The city's prefix from the root organisation's code: its letters and digits, upper case (`dg` → `DG`). */
export function referencePrefixOf(rootCode: string | null | undefined): string {
  const cleaned = (rootCode ?? '')
    .split(/[^A-Za-z0-9]/)[0]!
    .toUpperCase()
    .slice(0, 8);
  return cleaned || 'GK';
}

/** Upper case without spaces, so `dg-2026-000123 ` finds `DG-2026-000123`. */
export function normaliseReference(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

// Crockford's base32 without I, L, O, U: nothing to confuse when read from paper.
const QUERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const QUERY_CODE_CHARS = 12;

/** 12 characters (60 bits) from `bytes`, in groups of four: `7KQ2-M9XD-4RTA`. */
export function formatQueryCode(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('Need at least 8 bytes for a query code');
  let bits = 0n;
  for (const b of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < QUERY_CODE_CHARS; i++) {
    out += QUERY_ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

export function generateQueryCode(): string {
  return formatQueryCode(randomBytes(8));
}

/** Upper case, no spaces or dashes; O→0 and I/L→1 as Crockford reads them. */
export function normaliseQueryCode(value: string): string {
  return value
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * sha256 of the normalised code. The code carries 60 random bits, so a fast hash is enough (no
 * dictionary to try), and the tracking throttle limits guesses online.
 */
export function hashQueryCode(code: string): string {
  return createHash('sha256')
    .update(`query-code:${normaliseQueryCode(code)}`)
    .digest('hex');
}

export function hashClientToken(token: string): string {
  return createHash('sha256').update(`client-token:${token}`).digest('hex');
}
