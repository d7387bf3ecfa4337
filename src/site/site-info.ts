import type { AppDeps, SiteInfo } from '../platform/http/env.js';

const CACHE_MS = 10_000;

let cached: { at: number; database: unknown; info: SiteInfo } | undefined;

/**
 * The site's name is the root organisation's (the city government) followed by nothing else; the
 * demo flag is the `demo` setting the demo loader writes. Cached briefly: every page needs it.
 */
export async function loadSiteInfo(deps: AppDeps): Promise<SiteInfo> {
  const nowMs = deps.clock.now().getTime();
  if (cached && cached.database === deps.database && nowMs - cached.at < CACHE_MS) return cached.info;
  const { db } = deps.database;
  const root = await db
    .selectFrom('orgs')
    .select(['name', 'name_en'])
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
  const info: SiteInfo = {
    name: root?.name ?? 'Gongkai',
    nameEn: root?.name_en ?? null,
    isDemo: demo?.value_json === 'true',
  };
  cached = { at: nowMs, database: deps.database, info };
  return info;
}
