import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { siteName } from '../../platform/ui/layout.js';
import { ORG_CODE_PATTERN } from '../../orgs/org.rules.js';
import {
  findPublicOrg,
  loadPublicDirectory,
  presentOrgRef,
  type PublicOrgPage,
} from '../../orgs/http/orgs.public.presenter.js';
import {
  findPublicItem,
  listAttachments,
  listColumns,
  listItemColumns,
  listLatestPublished,
  listPublishedItems,
  listPublishedYears,
  type CatalogColumn,
} from '../catalog.repository.js';
import {
  countPublishedByColumn,
  findPublicAttachment,
  findPublishedItemRef,
} from './catalog.public.queries.js';
import { PAGE_SIZE, columnCodeOf, parseCatalogParams, parseSearchParams } from './catalog.public.params.js';
import { catalogPath, contentDisposition, dateIn, toPublicItem } from './catalog.public.view.js';
import { CatalogListPage } from './catalog.public.page.js';
import { ItemPage, WithdrawnItemPage } from './item.public.page.js';
import { SearchPage, orgOptions } from './search.public.page.js';
import { runPublicSearch } from './search.public.query.js';
import { FEED_CONTENT_TYPE, FEED_SIZE, renderFeed } from './feeds.public.js';
import { sitemapBody, type SitemapPart } from './sitemap.public.js';
import './catalog.public.messages.js';

/** A 索引号 as it may appear in a URL: printable, bounded. Anything else cannot name an item. */
const INDEX_NUMBER = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}\p{Cs}]+$/u);
const ID = z.coerce.number().int().positive().max(2_147_483_647);

/** Today in the office time zone: validity (abolished, not yet in force) is judged against it. */
export function todayOf(c: Context<AppEnv>): string {
  return dateIn(c.var.deps.clock.now(), c.var.deps.config.timeZone);
}

async function loadOrg(c: Context<AppEnv>): Promise<PublicOrgPage> {
  const code = c.req.param('code');
  const page =
    code && ORG_CODE_PATTERN.test(code) ? await findPublicOrg(c.var.deps.database.db, code) : undefined;
  if (!page) throw new AppError('NOT_FOUND', 'No such organisation');
  return page;
}

/** The columns offered as filters: the city-wide ones, and the organisation's own when there is one. */
function listPublicColumns(c: Context<AppEnv>, org?: PublicOrgPage): Promise<CatalogColumn[]> {
  return listColumns(c.var.deps.database.db, org ? { orgId: org.org.id } : {});
}

async function renderCatalog(c: Context<AppEnv>, org?: PublicOrgPage) {
  const db = c.var.deps.database.db;
  const params = parseCatalogParams(c.req.query());
  const columns = await listPublicColumns(c, org);
  // A column that does not exist (or is not offered here) is dropped rather than answered with 404.
  if (params.column && !columns.some((col) => col.code === params.column)) params.column = undefined;
  const orgPath = org?.org.path;
  const [result, counts, years] = await Promise.all([
    listPublishedItems(db, {
      ...(orgPath ? { orgPath } : {}),
      ...(params.column ? { columnCode: params.column } : {}),
      ...(params.year ? { year: params.year } : {}),
      limit: PAGE_SIZE,
      offset: (params.page - 1) * PAGE_SIZE,
    }),
    countPublishedByColumn(db, orgPath ? { orgPath } : {}),
    listPublishedYears(db, orgPath ? { orgPath } : {}),
  ]);
  return c.html(
    <CatalogListPage
      c={c}
      org={org}
      columns={columns}
      counts={counts}
      years={years}
      params={params}
      result={result}
    />,
  );
}

async function renderFeedResponse(c: Context<AppEnv>, format: 'atom' | 'rss', org?: PublicOrgPage) {
  const db = c.var.deps.database.db;
  const rawColumn = c.req.query('column');
  let column: CatalogColumn | undefined;
  if (rawColumn !== undefined) {
    const code = columnCodeOf(rawColumn);
    column = code ? (await listPublicColumns(c, org)).find((col) => col.code === code) : undefined;
    if (!column) throw new AppError('NOT_FOUND', 'No such column');
  }
  const items = await listLatestPublished(db, {
    ...(org ? { orgPath: org.org.path } : {}),
    ...(column ? { columnCode: column.code } : {}),
    limit: FEED_SIZE,
  });
  const owner = org ? presentOrgRef(org.org).name : c.var.site.name;
  const baseTitle = org
    ? c.var.t('feed.public.title_org', { org: owner })
    : c.var.t('feed.public.title_city', { site: siteName(c).text });
  const query = column ? `?column=${encodeURIComponent(column.code)}` : '';
  const body = renderFeed({
    format,
    publicUrl: c.var.deps.config.publicUrl,
    title: column ? `${baseTitle} - ${column.name}` : baseTitle,
    description: c.var.t('feed.public.description'),
    pagePath: `${catalogPath(org?.org.code)}${query}`,
    selfPath: `${new URL(c.req.url).pathname}${query}`,
    items,
    now: c.var.deps.clock.now(),
  });
  return c.body(body, 200, { 'Content-Type': FEED_CONTENT_TYPE[format] });
}

async function renderSitemap(c: Context<AppEnv>, part: SitemapPart) {
  const body = await sitemapBody(c.var.deps.database.db, { publicUrl: c.var.deps.config.publicUrl, part });
  if (!body) throw new AppError('NOT_FOUND', 'No such sitemap');
  return c.body(body, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
}

/**
 * The public catalog: listings, item pages, attachment downloads, search, feeds and the sitemap.
 * Mounted before the organisations' routes so `/xxgk/catalog` is not taken for an organisation code.
 */
export function catalogPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/xxgk/catalog', (c) => renderCatalog(c));
  app.get('/xxgk/catalog/feed.atom', (c) => renderFeedResponse(c, 'atom'));
  app.get('/xxgk/catalog/feed.rss', (c) => renderFeedResponse(c, 'rss'));

  app.get('/xxgk/:code/items', async (c) => renderCatalog(c, await loadOrg(c)));
  app.get('/xxgk/:code/feed.atom', async (c) => renderFeedResponse(c, 'atom', await loadOrg(c)));
  app.get('/xxgk/:code/feed.rss', async (c) => renderFeedResponse(c, 'rss', await loadOrg(c)));

  // The 索引号 keeps its slashes: the route captures the rest of the path (catalog.public.view.ts).
  app.get('/xxgk/:code/items/:index{.+}', async (c) => {
    const db = c.var.deps.database.db;
    const code = c.req.param('code');
    const index = INDEX_NUMBER.safeParse(c.req.param('index'));
    if (!ORG_CODE_PATTERN.test(code) || !index.success) throw new AppError('NOT_FOUND', 'No such item');
    const item = await findPublicItem(db, code, index.data);
    if (!item) throw new AppError('NOT_FOUND', 'No such item');
    const org = await findPublicOrg(db, code);
    if (item.status === 'withdrawn') {
      const tz = c.var.deps.config.timeZone;
      return c.html(
        <WithdrawnItemPage
          c={c}
          org={org}
          orgCode={code}
          title={item.title}
          withdrawnOn={item.withdrawn_at ? dateIn(item.withdrawn_at, tz) : ''}
          reason={item.withdrawal_reason}
        />,
        410,
      );
    }
    const [columns, attachments, amendedBy] = await Promise.all([
      listItemColumns(db, item.id),
      listAttachments(db, item.id),
      item.amended_by_item_id
        ? findPublishedItemRef(db, item.amended_by_item_id)
        : Promise.resolve(undefined),
    ]);
    const view = toPublicItem({ item, columns, attachments, amendedBy, today: todayOf(c) });
    return c.html(<ItemPage c={c} org={org} item={view} />);
  });

  // Attachments of published items only; streamed from FileStorage with the type detected at upload.
  app.get('/files/:itemId/:attachmentId', async (c) => {
    const itemId = ID.safeParse(c.req.param('itemId'));
    const attachmentId = ID.safeParse(c.req.param('attachmentId'));
    if (!itemId.success || !attachmentId.success) throw new AppError('NOT_FOUND', 'No such file');
    const attachment = await findPublicAttachment(c.var.deps.database.db, itemId.data, attachmentId.data);
    if (!attachment) throw new AppError('NOT_FOUND', 'No such file');
    const stream = await c.var.deps.storage.get(attachment.storage_key);
    return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': attachment.content_type,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.original_name),
      'X-Content-Type-Options': 'nosniff',
      // A withdrawn item's files must stop being served at once, also from caches.
      'Cache-Control': 'no-cache',
      // Opened directly, an HTML or SVG file still could not run script as this site.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  app.get('/search', async (c) => {
    const db = c.var.deps.database.db;
    const params = parseSearchParams(c.req.query());
    const [directory, columns, years, result] = await Promise.all([
      loadPublicDirectory(db),
      listColumns(db),
      listPublishedYears(db),
      runPublicSearch(c.var.deps.database, c.var.deps.search, params, { today: todayOf(c) }),
    ]);
    for (const ignored of result.ignored) params[ignored] = undefined;
    return c.html(
      <SearchPage
        c={c}
        params={params}
        result={result}
        orgs={orgOptions(directory, c.var.lang)}
        columns={columns}
        years={years}
      />,
    );
  });

  app.get('/sitemap.xml', (c) => renderSitemap(c, { kind: 'root' }));
  app.get('/sitemap-pages.xml', (c) => renderSitemap(c, { kind: 'pages' }));
  app.get('/:file{sitemap-items-[0-9]{1,6}\\.xml}', (c) =>
    renderSitemap(c, { kind: 'items', n: Number(/\d+/.exec(c.req.param('file'))![0]) }),
  );

  return app;
}
