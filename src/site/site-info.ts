import type { AppDeps, SiteInfo } from '../platform/http/env.js';

const CACHE_MS = 10_000;

/** The site facts, with the city government's English name for English pages (the layout reads it). */
export interface PublicSiteInfo extends SiteInfo {
  nameEn: string | null;
  /** The root organisation's code, for links into its 政府信息公开 column; null before one exists. */
  rootCode: string | null;
}

let cached: { at: number; database: unknown; info: PublicSiteInfo } | undefined;

/**
 * The site's name is the root organisation's (the city government) followed by nothing else; the
 * demo flag is the `demo` setting the demo loader writes. Cached briefly: every page needs it.
 */
export async function loadSiteInfo(deps: AppDeps): Promise<PublicSiteInfo> {
  const nowMs = deps.clock.now().getTime();
  if (cached && cached.database === deps.database && nowMs - cached.at < CACHE_MS) return cached.info;
  const { db } = deps.database;
  const root = await db
    .selectFrom('orgs')
    .select(['name', 'name_en', 'code'])
    .where('parent_id', 'is', null)
    .orderBy('sort_order')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const demo = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', 'demo')
    .executeTakeFirst();
  const info: PublicSiteInfo = {
    name: root?.name ?? 'Gongkai',
    nameEn: root?.name_en ?? null,
    rootCode: root?.code ?? null,
    isDemo: demo?.value_json === 'true',
  };
  cached = { at: nowMs, database: deps.database, info };
  return info;
}
