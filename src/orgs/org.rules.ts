import type { FieldProblem } from '../platform/errors.js';
import type { OrgKind } from './orgs.tables.js';

/**
 * Pure rules of the organisation tree: codes, kinds and where each kind may sit, the formats of the
 * 公开指南 contact facts (条例第十二条), cycle checks for moves, and the order in which an import writes.
 * No I/O; everything is table-tested in org.rules.test.ts.
 */

export const ORG_KINDS = ['government', 'department', 'town'] as const satisfies readonly OrgKind[];

export function isOrgKind(value: unknown): value is OrgKind {
  return typeof value === 'string' && (ORG_KINDS as readonly string[]).includes(value);
}

/** Codes appear in URLs (`/xxgk/{code}/…`) and 索引号 patterns, so they are short, lower-case and stable. */
export const ORG_CODE_PATTERN = /^[a-z0-9-]{2,40}$/;

/**
 * Codes that would collide with the public site's own paths under /xxgk/ (the city-wide catalog is
 * /xxgk/catalog), so no organisation may take them.
 */
export const RESERVED_ORG_CODES: ReadonlySet<string> = new Set([
  'catalog',
  'search',
  'feed',
  'items',
  'api',
  'files',
]);

/** Returns an i18n message key when `code` is not a valid organisation code, otherwise null. */
export function checkOrgCode(code: string): string | null {
  if (!ORG_CODE_PATTERN.test(code)) return 'orgs.error.code_format';
  if (code.startsWith('-') || code.endsWith('-') || code.includes('--')) return 'orgs.error.code_format';
  if (RESERVED_ORG_CODES.has(code)) return 'orgs.error.code_reserved';
  return null;
}

/**
 * Where each kind may sit. Decisions (docs/decisions.md):
 * - `government` is the city itself and only ever the root; there is exactly one root. A second
 *   government, even directly under the root, is refused: districts/counties would be a new kind, and a
 *   prefecture-level city without counties (the case we model) has none.
 * - `town` (镇/街道) sits directly under the city government.
 * - `department` sits under the government (市直部门), under a town (镇街's own offices, 党政办公室 …)
 *   or under another department (内设机构/下属单位 with their own disclosure duty).
 * Returns an i18n message key when the placement is not allowed, otherwise null.
 */
export function checkPlacement(kind: OrgKind, parentKind: OrgKind | null): string | null {
  if (parentKind === null) return kind === 'government' ? null : 'orgs.error.root_must_be_government';
  switch (kind) {
    case 'government':
      return 'orgs.error.government_must_be_root';
    case 'town':
      return parentKind === 'government' ? null : 'orgs.error.town_parent_must_be_government';
    case 'department':
      return null;
  }
}

// 条例第十二条 asks for 联系电话、传真号码: digits with the usual separators, an extension written 转.
const PHONE_PATTERN = /^[0-9 \-()（）+转]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSTCODE_PATTERN = /^[0-9]{6}$/;
/** 统一社会信用代码: 18 characters of digits and upper-case letters (without I, O, S, V, Z). */
const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

export function isValidPhone(value: string): boolean {
  const digits = value.replace(/[^0-9]/g, '').length;
  return PHONE_PATTERN.test(value) && digits >= 5 && digits <= 24;
}

export function isValidEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value) && value.length <= 200;
}

export function isValidWebsite(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function isValidPostcode(value: string): boolean {
  return POSTCODE_PATTERN.test(value);
}

export function isValidCreditCode(value: string): boolean {
  return CREDIT_CODE_PATTERN.test(value);
}

/** The editable facts of an organisation, camelCase as in forms, the API and the import file. */
export interface OrgFacts {
  name?: string | null;
  nameEn?: string | null;
  shortName?: string | null;
  officeName?: string | null;
  address?: string | null;
  postcode?: string | null;
  officeHours?: string | null;
  phone?: string | null;
  fax?: string | null;
  email?: string | null;
  website?: string | null;
  creditCode?: string | null;
  functions?: string | null;
}

const MAX_LENGTHS: Record<keyof OrgFacts, number> = {
  name: 100,
  nameEn: 200,
  shortName: 40,
  officeName: 100,
  address: 200,
  postcode: 6,
  officeHours: 200,
  phone: 100,
  fax: 100,
  email: 200,
  website: 300,
  creditCode: 18,
  functions: 5000,
};

const FORMAT_CHECKS: Partial<Record<keyof OrgFacts, [(v: string) => boolean, string]>> = {
  postcode: [isValidPostcode, 'orgs.error.postcode_format'],
  phone: [isValidPhone, 'orgs.error.phone_format'],
  fax: [isValidPhone, 'orgs.error.fax_format'],
  email: [isValidEmail, 'orgs.error.email_format'],
  website: [isValidWebsite, 'orgs.error.website_format'],
  creditCode: [isValidCreditCode, 'orgs.error.credit_code_format'],
};

/**
 * Checks the facts that are present (undefined = not given, null or '' = cleared). `name` may not be
 * cleared. Returns one problem per bad field, naming the field as given.
 */
export function checkOrgFacts(facts: OrgFacts): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of Object.keys(MAX_LENGTHS) as (keyof OrgFacts)[]) {
    const value = facts[field];
    if (value === undefined) continue;
    if (value === null || value.trim() === '') {
      if (field === 'name') problems.push({ field, message: 'orgs.error.name_required' });
      continue;
    }
    const max = MAX_LENGTHS[field];
    if (value.length > max) {
      problems.push({ field, message: 'orgs.error.too_long', params: { max } });
      continue;
    }
    const check = FORMAT_CHECKS[field];
    if (check && !check[0](value.trim())) problems.push({ field, message: check[1] });
  }
  return problems;
}

/** Trims every given fact and turns empty strings into null (cleared). */
export function normaliseOrgFacts<T extends OrgFacts>(facts: T): T {
  const out: Record<string, unknown> = { ...(facts as Record<string, unknown>) };
  for (const field of Object.keys(MAX_LENGTHS)) {
    const value = out[field];
    if (typeof value === 'string') out[field] = value.trim() === '' ? null : value.trim();
  }
  return out as T;
}

/** The ids in a materialised path, root first: `/1/7/12/` → [1, 7, 12]. */
export function parsePath(path: string): number[] {
  return path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => Number(p));
}

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function depthOf(path: string): number {
  return parsePath(path).length - 1;
}

/** Moving the organisation at `path` under `newParentPath` would make it its own ancestor. */
export function wouldCreateCycle(path: string, newParentPath: string): boolean {
  return newParentPath.startsWith(path);
}

/** The path of a descendant after its subtree moved from `oldPrefix` to `newPrefix`. */
export function rewritePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not within ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

export interface ImportOrderEntry {
  code: string;
  parent: string | null;
}

export interface ImportOrder {
  /** Indexes of the entries to write, parents before children (by depth in the resulting tree). */
  order: number[];
  /** Indexes of entries whose parent is neither in the file nor in the database. */
  unknownParent: number[];
  /** Indexes of entries that would be their own ancestor in the resulting tree. */
  cyclic: number[];
  /** Indexes of entries below an ancestor that is itself cyclic or has an unknown parent. */
  blocked: number[];
}

type Placement = number | 'cycle' | 'blocked';

/**
 * Plans an import: the resulting tree is the existing one (`existingParents`: code → parent code)
 * with each entry's parent replaced by the file's. Entries are written in order of their depth in
 * that resulting tree, which puts parents first even when they appear later in the file, and — since
 * every ancestor of a new parent has then already reached its final place — never moves an
 * organisation under one of its current descendants on the way. Entries must have unique codes.
 */
export function planImportOrder(
  entries: readonly ImportOrderEntry[],
  existingParents: ReadonlyMap<string, string | null>,
): ImportOrder {
  const parentOf = new Map(existingParents);
  for (const e of entries) parentOf.set(e.code, e.parent);

  const placement = new Map<string, Placement>();
  const resolve = (start: string): Placement => {
    const chain: string[] = [];
    let current: string | null = start;
    let base: Placement;
    for (;;) {
      if (current === null) {
        base = -1;
        break;
      }
      const known = placement.get(current);
      if (known !== undefined) {
        base = known === 'cycle' ? 'blocked' : known;
        break;
      }
      const from = chain.indexOf(current);
      if (from >= 0) {
        for (const code of chain.slice(from)) placement.set(code, 'cycle');
        chain.length = from;
        base = 'blocked';
        break;
      }
      if (!parentOf.has(current)) {
        base = 'blocked';
        break;
      }
      chain.push(current);
      current = parentOf.get(current) ?? null;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      if (typeof base === 'number') base += 1;
      placement.set(chain[i]!, base);
    }
    return placement.get(start) ?? base;
  };

  const order: { index: number; depth: number }[] = [];
  const result: ImportOrder = { order: [], unknownParent: [], cyclic: [], blocked: [] };
  entries.forEach((e, index) => {
    if (e.parent !== null && !parentOf.has(e.parent)) {
      result.unknownParent.push(index);
      return;
    }
    const p = resolve(e.code);
    if (p === 'cycle') result.cyclic.push(index);
    else if (p === 'blocked') result.blocked.push(index);
    else order.push({ index, depth: p });
  });
  order.sort((a, b) => a.depth - b.depth || a.index - b.index);
  result.order = order.map((o) => o.index);
  return result;
}

export interface TreeNode<T> {
  org: T;
  depth: number;
  children: TreeNode<T>[];
}

/**
 * Builds the tree from rows with `id`/`parent_id`, siblings ordered by sort order then name
 * (Chinese names compare by code point here; the directory page may re-sort by pinyin).
 */
export function buildTree<
  T extends { id: number; parent_id: number | null; sort_order: number; name: string },
>(rows: readonly T[]): TreeNode<T>[] {
  const byParent = new Map<number | null, T[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const row of rows) {
    const key = row.parent_id !== null && ids.has(row.parent_id) ? row.parent_id : null;
    const list = byParent.get(key) ?? [];
    list.push(row);
    byParent.set(key, list);
  }
  const compare = (a: T, b: T) =>
    a.sort_order - b.sort_order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const build = (parentId: number | null, depth: number): TreeNode<T>[] =>
    (byParent.get(parentId) ?? [])
      .sort(compare)
      .map((org) => ({ org, depth, children: build(org.id, depth + 1) }));
  return build(null, 0);
}

/** The tree depth-first, each organisation with its depth: what an indented list shows. */
export function flattenTree<T>(nodes: readonly TreeNode<T>[]): { org: T; depth: number }[] {
  const out: { org: T; depth: number }[] = [];
  const walk = (list: readonly TreeNode<T>[]) => {
    for (const n of list) {
      out.push({ org: n.org, depth: n.depth });
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}
