import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './env.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves the small set of files in platform/ui/static from memory, read once at start-up, with an
 * ETag; only files that exist there can ever be served (no path from the URL reaches the disk).
 */
export function staticRoutes(): Hono<AppEnv> {
  const dir = fileURLToPath(new URL('../ui/static/', import.meta.url));
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string; etag: string }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = new Uint8Array(readFileSync(join(dir, name)));
    files.set(name, {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
    });
  }
  const app = new Hono<AppEnv>();
  app.get('/static/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.text('Not found', 404);
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    return c.body(file.body, 200, {
      'Content-Type': file.type,
      ETag: file.etag,
      'Cache-Control': 'public, max-age=3600',
    });
  });
  return app;
}
