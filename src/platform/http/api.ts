import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';

export type ApiApp = OpenAPIHono<AppEnv>;

/** The stable error body of every API failure: a code clients can branch on and a readable message. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields: { field: string; message: string }[] };
}

/**
 * The public JSON API under /api/v1, documented by an OpenAPI document generated from the same zod
 * schemas that validate requests (/api/openapi.json). Each context registers its routes on it.
 * Read-only and open to any origin: it only ever serves what the public pages show.
 */
export function createApiApp(): ApiApp {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const body: ApiErrorBody = {
        error: {
          code: 'VALIDATION',
          message: c.var.t('error.VALIDATION'),
          fields: result.error.issues.map((issue) => ({
            field: issue.path.join('.') || '(request)',
            message: issue.message,
          })),
        },
      };
      return c.json(body, 422);
    },
  });
  api.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  return api;
}

/** Serves the OpenAPI document; call after every context has registered its routes. */
export function serveApiDocument(api: ApiApp, publicUrl: string): void {
  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai public API',
      version: '1',
      description:
        'Read-only access to what the public 政府信息公开 pages show: organisations and their disclosure guides.',
    },
    servers: [{ url: publicUrl }],
  });
}
