import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {
  bareHost,
  EMPTY_ALLOW_LIST,
  mayConnect,
  type LinkAllowList,
} from '../platform/net/address-guard.rules.js';
import { isWorkingStatus } from './website-check.rules.js';

/**
 * Checks a fixed list of URLs (those found in published items, nothing else): HEAD first, GET when
 * the server refuses HEAD. Guarded against SSRF: before every connection the host is resolved once,
 * every address it resolves to must be public (or on the operator's allow-list), and the request is
 * pinned to the checked address (a second DNS answer cannot swap in an internal one: DNS rebinding).
 * Redirects are followed up to `maxRedirects` hops, each hop checked the same way. The whole check of
 * one URL (DNS, hops) has one timeout, and at most `concurrency` URLs are checked at once.
 */
export interface LinkCheckOptions {
  timeoutMs: number;
  concurrency: number;
  /** Internal hosts and ranges the operator allowed (LINK_CHECK_ALLOW); default none. */
  allow?: LinkAllowList;
  /** Redirect hops followed per URL (default 5). */
  maxRedirects?: number;
  /** Name resolution (default: the system resolver, every address). Tests pass their own. */
  resolveHost?: (host: string) => Promise<ResolvedAddress[]>;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * `result`: the final HTTP status as text, or `timeout`, `error`, `dns_error`, `too_many_redirects`,
 * or `internal_address` — the URL (or a redirect it led to) names a private/internal address and was
 * not requested: `isChecked` is false, and it is not counted as broken.
 */
export interface LinkCheckResult {
  url: string;
  result: string;
  isWorking: boolean;
  isChecked: boolean;
}

export const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

async function systemResolve(host: string): Promise<ResolvedAddress[]> {
  const found = await dns.promises.lookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Rejects with an AbortError-like error when the signal fires first (a DNS lookup cannot be cancelled). */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** One request to `target`, connected to `pinned` whatever the host name resolves to now. */
function requestOnce(
  target: URL,
  method: 'HEAD' | 'GET',
  pinned: ResolvedAddress,
  signal: AbortSignal,
): Promise<{ status: number; location: string | null }> {
  const isHttps = target.protocol === 'https:';
  const host = bareHost(target.hostname);
  const lookup = (
    _hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (...args: unknown[]) => void,
  ) => {
    if (typeof options === 'object' && options?.all) {
      callback(null, [{ address: pinned.address, family: pinned.family }]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      {
        protocol: target.protocol,
        // An IP literal connects to itself (it was checked); a name goes through the pinned lookup.
        host: net.isIP(host) ? host : target.hostname,
        port: target.port || (isHttps ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        method,
        headers: { 'user-agent': 'Gongkai-LinkCheck/1.0', accept: '*/*' },
        lookup: lookup as unknown as net.LookupFunction,
        // No pooled sockets: each request is a fresh connection to the checked address.
        agent: false,
        signal,
        ...(isHttps && !net.isIP(host) ? { servername: host } : {}),
      },
      (res) => {
        const location = res.headers.location ?? null;
        // The status is all the check needs: never read the body.
        res.destroy();
        resolve({ status: res.statusCode ?? 0, location });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function checkOne(url: string, options: LinkCheckOptions): Promise<LinkCheckResult> {
  const allow = options.allow ?? EMPTY_ALLOW_LIST;
  const resolveHost = options.resolveHost ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const broken = (result: string): LinkCheckResult => ({ url, result, isWorking: false, isChecked: true });
  let current = url;
  try {
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return broken('error');
      const host = bareHost(target.hostname);
      let addresses: ResolvedAddress[];
      if (net.isIP(host)) {
        addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
      } else {
        try {
          addresses = await raceSignal(resolveHost(host), signal);
        } catch (err) {
          if (signal.aborted) throw err;
          return broken('dns_error');
        }
        if (addresses.length === 0) return broken('dns_error');
      }
      // Every address the name resolves to must pass, not just the first: the resolver's order varies.
      if (!addresses.every((a) => mayConnect(host, a.address, allow))) {
        return { url, result: 'internal_address', isWorking: false, isChecked: false };
      }
      const pinned = addresses[0]!;
      let answer = await requestOnce(target, 'HEAD', pinned, signal);
      if (answer.status === 405 || answer.status === 501) {
        answer = await requestOnce(target, 'GET', pinned, signal);
      }
      if (REDIRECT_STATUSES.has(answer.status) && answer.location) {
        current = new URL(answer.location, target).href;
        continue;
      }
      return {
        url,
        result: String(answer.status),
        isWorking: isWorkingStatus(answer.status),
        isChecked: true,
      };
    }
    return broken('too_many_redirects');
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const isTimeout = signal.aborted || name === 'TimeoutError' || name === 'AbortError';
    return broken(isTimeout ? 'timeout' : 'error');
  }
}

export async function checkLinks(
  urls: readonly string[],
  options: LinkCheckOptions,
): Promise<LinkCheckResult[]> {
  const results: LinkCheckResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await checkOne(urls[i]!, options);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, urls.length)) }, worker);
  await Promise.all(workers);
  return results;
}
