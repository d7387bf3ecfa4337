import { Feed } from 'feed';
import type { ItemWithOrg } from '../catalog.repository.js';
import { itemPathOf } from './catalog.public.view.js';

/**
 * Atom 1.0 and RSS 2.0 feeds of the latest published items (city-wide, per organisation, per column),
 * built with the `feed` package. Links are absolute (config.publicUrl); the text is the catalog's
 * own Chinese, as feeds carry no language preference.
 */
export const FEED_SIZE = 50;

export interface FeedInput {
  format: 'atom' | 'rss';
  publicUrl: string;
  title: string;
  description: string;
  /** The page the feed belongs to (`/xxgk/catalog`, `/xxgk/{code}/items?column=…`). */
  pagePath: string;
  /** The feed's own address (path and query). */
  selfPath: string;
  items: ItemWithOrg[];
  /** When the feed is empty, what to give as its `updated` instant. */
  now: Date;
}

function instantOf(item: ItemWithOrg): Date {
  const value =
    item.published_at ?? (item.published_on ? `${item.published_on}T00:00:00+08:00` : item.updated_at);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? new Date(item.updated_at) : d;
}

export function renderFeed(input: FeedInput): string {
  const abs = (path: string) => `${input.publicUrl}${path}`;
  const dates = input.items.map(instantOf);
  const updated = dates.length > 0 ? new Date(Math.max(...dates.map((d) => d.getTime()))) : input.now;
  const feed = new Feed({
    id: abs(input.pagePath),
    title: input.title,
    description: input.description,
    link: abs(input.pagePath),
    language: 'zh-CN',
    updated,
    generator: 'Gongkai',
    feedLinks: { [input.format]: abs(input.selfPath) },
    author: { name: input.title, link: abs(input.pagePath) },
  });
  input.items.forEach((item, i) => {
    const path = itemPathOf(item);
    if (!path) return;
    feed.addItem({
      title: item.title,
      id: abs(path),
      link: abs(path),
      date: dates[i]!,
      published: dates[i]!,
      description: item.summary || item.title,
      author: [{ name: item.orgName }],
    });
  });
  return input.format === 'atom' ? feed.atom1() : feed.rss2();
}

export const FEED_CONTENT_TYPE = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
} as const;
