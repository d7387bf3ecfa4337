import { isWorkingStatus } from './website-check.rules.js';

/**
 * Checks a fixed list of URLs (those found in published items, nothing else): HEAD first, GET when
 * the server refuses HEAD; redirects are not followed (a redirect would send the checker somewhere no
 * item names), each request has a timeout, and at most `concurrency` run at once.
 */
export interface LinkCheckOptions {
  timeoutMs: number;
  concurrency: number;
  /** For tests: the fetch to use. */
  fetchImpl?: typeof fetch;
}

export interface LinkCheckResult {
  url: string;
  /** HTTP status as text, or `timeout` / `error`. */
  result: string;
  isWorking: boolean;
}

async function checkOne(url: string, options: LinkCheckOptions): Promise<LinkCheckResult> {
  const doFetch = options.fetchImpl ?? fetch;
  const attempt = async (method: 'HEAD' | 'GET') => {
    const res = await doFetch(url, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { 'user-agent': 'Gongkai-LinkCheck/1.0' },
    });
    // Do not read bodies: the status is all the check needs.
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  };
  try {
    let status = await attempt('HEAD');
    if (status === 405 || status === 501) status = await attempt('GET');
    return { url, result: String(status), isWorking: isWorkingStatus(status) };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const isTimeout = name === 'TimeoutError' || name === 'AbortError';
    return { url, result: isTimeout ? 'timeout' : 'error', isWorking: false };
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
