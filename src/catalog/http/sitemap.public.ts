import { Readable } from 'node:stream';
import type { Queryable } from '../../platform/db/transaction.js';
import { loadPublicDirectory, type PublicOrgNode } from '../../orgs/http/orgs.public.presenter.js';
import { countSitemapItems, streamSitemapItems } from './catalog.public.queries.js';
import { itemPath } from './catalog.public.view.js';

/**
 * sitemap.xml (sitemaps.org 0.9): the home page, the directory, the city catalog, every active
 * organisation's column pages and catalog, and every published item. Written as a stream, reading the
 * items in batches. A sitemap holds at most 50,000 URLs: beyond that /sitemap.xml becomes a sitemap
 * index of /sitemap-pages.xml and /sitemap-items-{n}.xml.
 */
export const SITEMAP_MAX_URLS = 50_000;

const SUB_PAGES = ['', '/guide', '/rules', '/statutory', '/annual-reports', '/items'];

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function urlEntry(loc: string, lastmod?: string): string {
  return `<url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n`;
}

const URLSET_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
const URLSET_CLOSE = '</urlset>\n';

/** The site's own pages: home, directory, city catalog and each active organisation's pages. */
export async function listPagePaths(db: Queryable): Promise<string[]> {
  const directory = await loadPublicDirectory(db);
  const codes: string[] = [];
  const walk = (node: PublicOrgNode) => {
    codes.push(node.code);
    node.children.forEach(walk);
  };
  if (directory.government) walk(directory.government);
  [...directory.departments, ...directory.towns].forEach(walk);
  return [
    '/',
    '/xxgk',
    '/xxgk/catalog',
    ...codes.flatMap((code) => SUB_PAGES.map((s) => `/xxgk/${code}${s}`)),
  ];
}

function toStream(gen: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  async function* bytes() {
    for await (const chunk of gen) yield encoder.encode(chunk);
  }
  return Readable.toWeb(Readable.from(bytes())) as ReadableStream<Uint8Array>;
}

export type SitemapPart = { kind: 'root' } | { kind: 'pages' } | { kind: 'items'; n: number };

/**
 * The body of one sitemap document, or undefined when `part` does not exist (an items slice past the
 * end). `root` is the urlset of everything when it fits, otherwise the sitemap index.
 */
export async function sitemapBody(
  db: Queryable,
  input: { publicUrl: string; part: SitemapPart; maxUrls?: number },
): Promise<ReadableStream<Uint8Array> | undefined> {
  const max = input.maxUrls ?? SITEMAP_MAX_URLS;
  const abs = (path: string) => `${input.publicUrl}${path}`;
  const pages = await listPagePaths(db);
  const itemCount = await countSitemapItems(db);
  const slices = Math.ceil(itemCount / max);
  const part = input.part;

  if (part.kind === 'root' && pages.length + itemCount > max) {
    return toStream(
      // eslint-disable-next-line @typescript-eslint/require-await -- an async stream of ready strings
      (async function* () {
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
        yield `<sitemap><loc>${escapeXml(abs('/sitemap-pages.xml'))}</loc></sitemap>\n`;
        for (let n = 1; n <= slices; n++) {
          yield `<sitemap><loc>${escapeXml(abs(`/sitemap-items-${n}.xml`))}</loc></sitemap>\n`;
        }
        yield '</sitemapindex>\n';
      })(),
    );
  }
  if (part.kind === 'items' && (part.n < 1 || part.n > Math.max(1, slices))) return undefined;

  const withPages = part.kind !== 'items';
  const withItems = part.kind !== 'pages';
  const range =
    part.kind === 'items' ? { offset: (part.n - 1) * max, limit: max } : { offset: 0, limit: itemCount };
  return toStream(
    (async function* () {
      yield URLSET_OPEN;
      if (withPages) for (const path of pages.slice(0, max)) yield urlEntry(abs(path));
      if (withItems) {
        let chunk = '';
        for await (const entry of streamSitemapItems(db, range)) {
          chunk += urlEntry(abs(itemPath(entry.orgCode, entry.indexNumber)), entry.updatedAt.slice(0, 10));
          if (chunk.length > 32_000) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      yield URLSET_CLOSE;
    })(),
  );
}
