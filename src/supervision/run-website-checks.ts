import type { Database } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { FileStorage } from '../platform/storage/storage.js';
import { loadSupervisionSettings } from './compute-figures.js';
import { checkLinks, type ResolvedAddress } from './link-checker.js';
import { EMPTY_ALLOW_LIST, type LinkAllowList } from '../platform/net/address-guard.rules.js';
import { todayIn } from './supervision-support.js';
import {
  finishCheckRun,
  insertCheckResult,
  insertCheckRun,
  listColumnsEverUsed,
  listColumnsWithRules,
  listColumnUsage,
  listLastPublished,
  listPublishedAttachments,
  listPublishedBodies,
  listSupervisedOrgs,
  listUndatedItems,
} from './supervision.repository.js';
import {
  checkOrganisation,
  defaultColumnRule,
  extractLinks,
  type ColumnCategory,
  type ColumnFacts,
  type ColumnRule,
  type LinkFinding,
} from './website-check.rules.js';

export interface WebsiteCheckDeps {
  database: Database;
  storage: FileStorage;
  timeZone: string;
  /** Internal hosts and ranges the link checker may reach (config LINK_CHECK_ALLOW); default none. */
  linkCheckAllow?: LinkAllowList;
  /** For tests: the name resolution the link checker uses (default the system resolver). */
  resolveHost?: (host: string) => Promise<ResolvedAddress[]>;
}

/** Items whose bodies are read for links per run (newest first); the URLs checked are capped by settings. */
const BODY_LIMIT = 2000;

/**
 * One run of the website checks over every active organisation: column freshness against each
 * column's limit, empty columns, published items without a publication date, broken links in
 * published items' bodies (only those URLs, bounded in number, concurrency and time) and attachments
 * whose file is missing. Stores a run and one result per organisation (the history).
 */
export async function runWebsiteChecks(
  deps: WebsiteCheckDeps,
  now: Date,
  triggeredBy: string,
): Promise<{ runId: number; linksChecked: number; linksNotChecked: number }> {
  const db = deps.database.db;
  const today = todayIn(now, deps.timeZone);
  const settings = (await loadSupervisionSettings(db)).website;
  const runId = await insertCheckRun(db, {
    checked_on: today,
    started_at: now.toISOString(),
    finished_at: null,
    status: 'running',
    triggered_by: triggeredBy,
    links_checked: 0,
    settings_json: JSON.stringify(settings),
  });
  try {
    const orgs = await listSupervisedOrgs(db, 'all');
    const orgIds = orgs.map((o) => o.id);
    const [columns, usage, everUsed, lastPublished, undated, bodies, attachments] = await Promise.all([
      listColumnsWithRules(db),
      listColumnUsage(db, orgIds),
      listColumnsEverUsed(db, orgIds),
      listLastPublished(db, orgIds),
      listUndatedItems(db, orgIds),
      listPublishedBodies(db, orgIds, BODY_LIMIT),
      listPublishedAttachments(db, orgIds),
    ]);

    const ruleOf = (c: (typeof columns)[number]): ColumnRule =>
      c.category
        ? {
            category: c.category as ColumnCategory,
            maxAgeDays: c.max_age_days,
            isRequired: c.is_required === 1,
          }
        : defaultColumnRule(c.name, settings);

    // The link check: URLs from published bodies only, de-duplicated, capped per run.
    const linksByUrl = new Map<string, { itemId: number; orgId: number }[]>();
    for (const item of bodies) {
      for (const url of extractLinks(item.body_html)) {
        if (!linksByUrl.has(url) && linksByUrl.size >= settings.maxLinksPerRun) continue;
        linksByUrl.set(url, [...(linksByUrl.get(url) ?? []), { itemId: item.id, orgId: item.org_id }]);
      }
    }
    const linkResults = await checkLinks([...linksByUrl.keys()], {
      timeoutMs: settings.linkTimeoutMs,
      concurrency: settings.linkConcurrency,
      allow: deps.linkCheckAllow ?? EMPTY_ALLOW_LIST,
      ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}),
    });
    const linksChecked = linkResults.filter((r) => r.isChecked).length;
    const brokenByOrg = new Map<number, LinkFinding[]>();
    // Links to private/internal addresses were refused, not requested: listed as "not checked", never as broken.
    const notCheckedByOrg = new Map<number, LinkFinding[]>();
    for (const r of linkResults) {
      if (!r.isChecked) {
        for (const ref of linksByUrl.get(r.url) ?? []) {
          notCheckedByOrg.set(ref.orgId, [
            ...(notCheckedByOrg.get(ref.orgId) ?? []),
            { url: r.url, itemId: ref.itemId, result: r.result },
          ]);
        }
        continue;
      }
      if (r.isWorking) continue;
      for (const ref of linksByUrl.get(r.url) ?? []) {
        brokenByOrg.set(ref.orgId, [
          ...(brokenByOrg.get(ref.orgId) ?? []),
          { url: r.url, itemId: ref.itemId, result: r.result },
        ]);
      }
    }
    const missingByOrg = new Map<number, { itemId: number; name: string }[]>();
    for (const a of attachments) {
      if (await deps.storage.exists(a.storage_key).catch(() => false)) continue;
      missingByOrg.set(a.org_id, [
        ...(missingByOrg.get(a.org_id) ?? []),
        { itemId: a.item_id, name: a.original_name },
      ]);
    }

    for (const org of orgs) {
      const kept = new Set(everUsed.filter((u) => u.orgId === org.id).map((u) => u.columnId));
      const facts: ColumnFacts[] = columns
        .filter((c) => c.is_active === 1)
        .filter((c) => c.org_id === org.id || (c.org_id === null && (kept.has(c.id) || c.is_required === 1)))
        .map((c) => {
          const u = usage.find((x) => x.orgId === org.id && x.columnId === c.id);
          return {
            columnId: c.id,
            code: c.code,
            name: c.name,
            rule: ruleOf(c),
            publishedCount: u?.published ?? 0,
            lastPublishedOn: u?.lastPublishedOn ?? null,
          };
        });
      const result = checkOrganisation(
        {
          orgId: org.id,
          columns: facts,
          undatedItems: undated
            .filter((u) => u.org_id === org.id)
            .map((u) => ({ itemId: u.id, title: u.title })),
          brokenLinks: brokenByOrg.get(org.id) ?? [],
          missingAttachments: missingByOrg.get(org.id) ?? [],
          lastPublishedOn: lastPublished.get(org.id) ?? null,
        },
        today,
        settings,
      );
      await insertCheckResult(db, {
        run_id: runId,
        org_id: org.id,
        is_veto: result.veto.length ? 1 : 0,
        veto_json: JSON.stringify(result.veto),
        stale_columns: result.staleColumns.length,
        empty_columns: result.emptyColumns.length,
        undated_items: result.undatedItems.length,
        broken_links: result.brokenLinks.length,
        missing_attachments: result.missingAttachments.length,
        score: result.score,
        details_json: JSON.stringify({
          staleColumns: result.staleColumns,
          emptyColumns: result.emptyColumns,
          undatedItems: result.undatedItems.slice(0, 100),
          brokenLinks: result.brokenLinks.slice(0, 200),
          notCheckedLinks: (notCheckedByOrg.get(org.id) ?? []).slice(0, 200),
          missingAttachments: result.missingAttachments.slice(0, 100),
        }),
      });
    }
    await inTransaction(db, (trx) =>
      finishCheckRun(trx, runId, {
        status: 'done',
        finished_at: now.toISOString(),
        links_checked: linksChecked,
      }),
    );
    return { runId, linksChecked, linksNotChecked: linkResults.length - linksChecked };
  } catch (err) {
    await finishCheckRun(db, runId, { status: 'failed', finished_at: now.toISOString(), links_checked: 0 });
    throw err;
  }
}
