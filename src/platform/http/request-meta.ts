import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.js';
import type { RequestMeta } from '../auth/principal.js';

/** The socket's address when served by @hono/node-server; absent under `app.request` in tests. */
function socketAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address: the first X-Forwarded-For hop when the operator says a trusted proxy sits in
 * front (TRUST_PROXY), otherwise the socket's peer. Never trust the header by default: anyone can send it.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress(c) ?? null;
}

/** Where a request came from, for sessions, throttling and audit records. */
export function requestMetaOf(c: Context<AppEnv>): RequestMeta {
  return {
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    requestId: c.var.requestId,
  };
}
