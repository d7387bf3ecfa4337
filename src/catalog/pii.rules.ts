import type { PiiKind } from './catalog.tables.js';

/**
 * The personal-data scan run before publication (条例第十五条: 个人隐私 must not be disclosed without
 * consent). It looks for values that identify a person — 18-digit resident ID numbers with a valid
 * GB 11643 check digit, mainland mobile numbers, bank card numbers passing Luhn, e-mail addresses —
 * and reports each with its position and a masked excerpt (the full value never leaves the scan).
 * Numbers inside longer runs of digits or letters (索引号 like 11441700007280420Y/2021-00050, 文号,
 * dates, amounts) are not flagged: every pattern requires a boundary on both sides.
 */

export interface PiiMatch {
  kind: PiiKind;
  /** Offsets in the scanned text: `text.slice(start, end)` is the value. */
  start: number;
  end: number;
  value: string;
  /** A few characters either side with every value in them masked. */
  excerptMasked: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check digit of the first 17 digits (ISO 7064 MOD 11-2); `X` stands for 10. */
export function residentIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Whether `id` is an 18-character resident ID number: region, a real birth date, and the check digit. */
export function isValidResidentId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || y > 2100) return false;
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return residentIdCheckDigit(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** The Luhn (mod 10) check used by bank card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

// Boundaries: not glued to letters, digits or the joiners of codes (索引号 11441700007280420Y/2021-00050).
const B_BEFORE = '(?<![0-9A-Za-z/\\-_.])';
const B_AFTER = '(?![0-9A-Za-z/_]|-\\d|\\.\\d)';

const PATTERNS: { kind: PiiKind; re: RegExp; accept: (value: string) => boolean }[] = [
  {
    kind: 'resident_id',
    re: new RegExp(`${B_BEFORE}[1-9]\\d{16}[\\dXx]${B_AFTER}`, 'g'),
    accept: isValidResidentId,
  },
  {
    kind: 'bank_card',
    // 16–19 digits, written plain or in groups of four (space or hyphen); networks start 3–6.
    re: new RegExp(
      `${B_BEFORE}(?:[3-6]\\d{15,18}|[3-6]\\d{3}(?:([ -])\\d{4})(?:\\1\\d{4}){2}(?:\\1?\\d{1,3})?)${B_AFTER}`,
      'g',
    ),
    accept: (value) => {
      const digits = value.replace(/[ -]/g, '');
      return digits.length >= 16 && digits.length <= 19 && passesLuhn(digits) && !isValidResidentId(digits);
    },
  },
  {
    kind: 'mobile',
    // 1[3-9]x xxxx xxxx, optionally +86, with optional single spaces or hyphens between the groups.
    re: new RegExp(`${B_BEFORE}(?:(?:\\+|00)?86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}${B_AFTER}`, 'g'),
    accept: () => true,
  },
  {
    kind: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g,
    accept: () => true,
  },
];

/** A masked form: enough to find the value on the page, not enough to use it. */
export function maskValue(kind: PiiKind, value: string): string {
  const stars = (n: number) => '*'.repeat(Math.max(0, n));
  switch (kind) {
    case 'resident_id':
      return value.slice(0, 3) + stars(value.length - 5) + value.slice(-2);
    case 'mobile':
    case 'bank_card': {
      // Keep the first digits (the network or carrier) and the last four; separators stay as written.
      const digitCount = value.replace(/\D/g, '').length;
      const keepStart = kind === 'mobile' ? digitCount - 8 : 4;
      let seen = 0;
      return [...value]
        .map((ch) => {
          if (!/\d/.test(ch)) return ch;
          seen += 1;
          return seen <= keepStart || seen > digitCount - 4 ? ch : '*';
        })
        .join('');
    }
    case 'email': {
      const at = value.indexOf('@');
      return value.slice(0, 1) + stars(Math.max(3, at - 1)) + value.slice(at);
    }
  }
}

const CONTEXT_CHARS = 12;

/** Every personal-data value in `text`, in order of position; overlapping matches keep the first kind listed. */
export function scanForPii(text: string): PiiMatch[] {
  const found: Omit<PiiMatch, 'excerptMasked'>[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  for (const { kind, re, accept } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!accept(m[0]) || overlaps(start, end)) continue;
      found.push({ kind, start, end, value: m[0] });
    }
  }
  found.sort((a, b) => a.start - b.start);
  // Excerpts come from a copy with every value masked, so context never shows a neighbouring value.
  let masked = '';
  let cursor = 0;
  const shift: { start: number; end: number }[] = [];
  for (const f of found) {
    masked += text.slice(cursor, f.start);
    const m = maskValue(f.kind, f.value);
    shift.push({ start: masked.length, end: masked.length + m.length });
    masked += m;
    cursor = f.end;
  }
  masked += text.slice(cursor);
  return found.map((f, i) => {
    const s = shift[i]!;
    const from = Math.max(0, s.start - CONTEXT_CHARS);
    const to = Math.min(masked.length, s.end + CONTEXT_CHARS);
    const excerpt =
      (from > 0 ? '…' : '') + masked.slice(from, to).replace(/\s+/g, ' ') + (to < masked.length ? '…' : '');
    return { ...f, excerptMasked: excerpt };
  });
}

/** The redaction mark: one full-width asterisk per character of the value. */
export function redactionMask(value: string): string {
  return '＊'.repeat([...value].length);
}
