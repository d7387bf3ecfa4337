import type { Queryable } from '../../platform/db/transaction.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { findOrgByCode, listAncestors, listChildren, listOrgTree, type Org } from '../orgs.repository.js';
import type { OrgKind } from '../orgs.tables.js';
import type { TreeNode } from '../org.rules.js';

/**
 * What the public pages may know of an organisation. Only names, codes and kinds leave here (the
 * guide's contact facts go through `buildGuide`); nothing about staff accounts is ever read.
 */
export interface PublicOrgRef {
  code: string;
  kind: OrgKind;
  name: string;
  nameEn: string | null;
}

export interface PublicOrgNode extends PublicOrgRef {
  children: PublicOrgNode[];
}

export interface PublicDirectory {
  government: PublicOrgNode | null;
  departments: PublicOrgNode[];
  towns: PublicOrgNode[];
}

export function presentOrgRef(org: Org): PublicOrgRef {
  return { code: org.code, kind: org.kind, name: org.name, nameEn: org.name_en };
}

/** The name to show in `lang`: the English name on English pages when there is one. */
export function displayName(
  org: Pick<PublicOrgRef, 'name' | 'nameEn'>,
  lang: Lang,
): { text: string; isChinese: boolean } {
  if (lang === 'en' && org.nameEn) return { text: org.nameEn, isChinese: false };
  return { text: org.name, isChinese: true };
}

// Siblings with the same sort order are listed by pinyin, as readers of a Chinese directory expect.
const PINYIN = new Intl.Collator('zh-CN-u-co-pinyin');

function presentNode(node: TreeNode<Org>): PublicOrgNode {
  const children = [...node.children]
    .sort((a, b) => a.org.sort_order - b.org.sort_order || PINYIN.compare(a.org.name, b.org.name))
    .map(presentNode);
  return { ...presentOrgRef(node.org), children };
}

/**
 * The directory: the city government, then its departments and its towns and streets (镇街), each
 * with the offices under it. Inactive organisations, and everything under them, are left out.
 */
export async function loadPublicDirectory(db: Queryable): Promise<PublicDirectory> {
  const roots = (await listOrgTree(db)).map(presentNode);
  const root = roots[0] ?? null;
  if (!root) return { government: null, departments: [], towns: [] };
  const government: PublicOrgNode = { ...root, children: [] };
  return {
    government,
    departments: root.children.filter((n) => n.kind !== 'town'),
    towns: root.children.filter((n) => n.kind === 'town'),
  };
}

export interface PublicOrgPage {
  org: Org;
  ancestors: Org[];
  children: PublicOrgRef[];
}

/**
 * An organisation the public may see: it exists and it and all its ancestors are active. A
 * deactivated organisation answers 404 like an unknown one (its contact facts may no longer be
 * answered, so its guide must not be shown as current).
 */
export async function findPublicOrg(db: Queryable, code: string): Promise<PublicOrgPage | undefined> {
  const org = await findOrgByCode(db, code);
  if (!org || org.is_active !== 1) return undefined;
  const ancestors = await listAncestors(db, org);
  if (ancestors.some((a) => a.is_active !== 1)) return undefined;
  const children = (await listChildren(db, org.id))
    .filter((child) => child.is_active === 1)
    .sort((a, b) => a.sort_order - b.sort_order || PINYIN.compare(a.name, b.name))
    .map(presentOrgRef);
  return { org, ancestors, children };
}
