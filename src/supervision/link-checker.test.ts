import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLinks, type ResolvedAddress } from './link-checker.js';
import {
  isInternalAddress,
  mayConnect,
  parseAllowList,
  EMPTY_ALLOW_LIST,
} from '../platform/net/address-guard.rules.js';
import { ConfigError, loadConfig } from '../platform/config.js';

describe('address guard', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.254', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true], // cloud metadata
    ['100.64.0.1', true], // CGNAT
    ['100.128.0.1', false],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['::', true],
    ['::1', true],
    ['[::1]', true],
    ['fd12:3456::1', true], // unique-local
    ['fe80::1', true], // link-local
    ['fe80::1%eth0', true],
    ['::ffff:127.0.0.1', true], // IPv4-mapped loopback
    ['::ffff:a9fe:a9fe', true], // IPv4-mapped 169.254.169.254
    ['64:ff9b::10.0.0.1', true], // NAT64 of a private address
    ['93.184.216.34', false],
    ['202.96.134.133', false],
    ['2400:3200::1', false],
    ['::ffff:8.8.8.8', false],
    ['not-an-address', true],
  ];
  for (const [address, internal] of cases) {
    it(`${internal ? 'refuses' : 'allows'} ${address}`, () => {
      assert.equal(isInternalAddress(address), internal);
    });
  }

  it('lets the allow-list admit internal hosts, addresses and ranges, and nothing else', () => {
    const { allow, problems } = parseAllowList([' 127.0.0.1', '10.20.0.0/16', 'Intranet.Example.gov.cn', '']);
    assert.deepEqual(problems, []);
    assert.equal(mayConnect('127.0.0.1', '127.0.0.1', allow), true);
    assert.equal(mayConnect('localhost', '127.0.0.2', allow), false);
    assert.equal(mayConnect('x', '10.20.7.7', allow), true);
    assert.equal(mayConnect('x', '10.21.0.1', allow), false);
    assert.equal(mayConnect('intranet.example.gov.cn', '192.168.3.3', allow), true);
    assert.equal(mayConnect('other.example.gov.cn', '192.168.3.3', allow), false);
    assert.equal(mayConnect('example.org', '93.184.216.34', EMPTY_ALLOW_LIST), true);
    assert.equal(mayConnect('localhost', '127.0.0.1', EMPTY_ALLOW_LIST), false);
  });

  it('refuses a malformed LINK_CHECK_ALLOW naming the bad entries', () => {
    assert.deepEqual(
      parseAllowList(['10.0.0.0/33', 'a b', '127.0.0.1']).problems.map((p) => p.entry),
      ['10.0.0.0/33', 'a b'],
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', LINK_CHECK_ALLOW: '127.0.0.1,10.0.0.0/99' }),
      (err) => err instanceof ConfigError && err.problems.some((p) => p.includes('10.0.0.0/99')),
    );
    assert.equal(loadConfig({ NODE_ENV: 'test' }).linkCheck.allow.isEmpty, true);
  });
});

describe('link checker', () => {
  const hits: { url: string; host: string }[] = [];
  let server: http.Server;
  let port = 0;
  let base = '';
  const localOnly = parseAllowList(['127.0.0.1']).allow;

  before(async () => {
    server = http.createServer((req, res) => {
      hits.push({ url: req.url ?? '', host: req.headers.host ?? '' });
      if (req.url?.startsWith('/slow')) return; // never answers
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
        return;
      }
      if (req.url === '/to-ok') {
        res.writeHead(301, { location: '/ok' }).end();
        return;
      }
      if (req.url === '/to-private') {
        res.writeHead(302, { location: 'http://10.9.8.7/admin' }).end();
        return;
      }
      if (req.url === '/to-metadata-name') {
        res.writeHead(307, { location: 'http://metadata.example.test/latest' }).end();
        return;
      }
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const options = { timeoutMs: 1000, concurrency: 2 };

  it('refuses loopback and private URLs without the allow-list and never requests them', async () => {
    hits.length = 0;
    const urls = [
      `${base}/ok`,
      `http://localhost:${port}/ok`,
      `http://[::1]:${port}/ok`,
      `http://0.0.0.0:${port}/ok`,
      `http://[::ffff:127.0.0.1]:${port}/ok`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.0.1/',
    ];
    const results = await checkLinks(urls, options);
    assert.deepEqual(
      results.map((r) => [r.result, r.isChecked, r.isWorking]),
      urls.map(() => ['internal_address', false, false]),
    );
    assert.deepEqual(hits, []);
  });

  it('checks a name only after resolving it: a public-looking name that resolves inside is refused', async () => {
    hits.length = 0;
    const resolved: string[] = [];
    const resolveHost = (host: string): Promise<ResolvedAddress[]> => {
      resolved.push(host);
      if (host === 'inside.example.test') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      // One public and one private answer: every address must pass, not only the first.
      if (host === 'mixed.example.test')
        return Promise.resolve([
          { address: '93.184.216.34', family: 4 },
          { address: '10.0.0.8', family: 4 },
        ]);
      return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    };
    const results = await checkLinks(
      [`http://inside.example.test:${port}/ok`, 'http://mixed.example.test/', 'http://nowhere.example.test/'],
      { ...options, resolveHost },
    );
    assert.deepEqual(
      results.map((r) => r.result),
      ['internal_address', 'internal_address', 'dns_error'],
    );
    assert.equal(results[2]!.isChecked, true, 'a name that does not resolve is a broken link');
    assert.deepEqual(hits, []);
    assert.deepEqual(resolved, ['inside.example.test', 'mixed.example.test', 'nowhere.example.test']);
  });

  it('connects to the address it checked (pinned), resolving the name once', async () => {
    hits.length = 0;
    let lookups = 0;
    // A rebinding resolver: the first answer is the allowed address, any later one would be elsewhere.
    const resolveHost = (): Promise<ResolvedAddress[]> => {
      lookups++;
      return Promise.resolve(
        lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }],
      );
    };
    const [result] = await checkLinks([`http://pinned.example.test:${port}/ok`], {
      ...options,
      allow: localOnly,
      resolveHost,
    });
    assert.deepEqual([result!.result, result!.isWorking], ['200', true]);
    assert.equal(lookups, 1);
    // The request went to the checked address and still names the host (virtual hosting works).
    assert.deepEqual(hits, [{ url: '/ok', host: `pinned.example.test:${port}` }]);
  });

  it('follows redirects with the same check on each hop, bounded', async () => {
    hits.length = 0;
    const resolveHost = (host: string): Promise<ResolvedAddress[]> =>
      Promise.resolve(host === 'metadata.example.test' ? [{ address: '169.254.169.254', family: 4 }] : []);
    const results = await checkLinks(
      [`${base}/to-ok`, `${base}/to-private`, `${base}/to-metadata-name`, `${base}/loop`, `${base}/missing`],
      { ...options, allow: localOnly, resolveHost, maxRedirects: 3 },
    );
    assert.deepEqual(
      results.map((r) => [r.result, r.isWorking, r.isChecked]),
      [
        ['200', true, true],
        ['internal_address', false, false],
        ['internal_address', false, false],
        ['too_many_redirects', false, true],
        ['404', false, true],
      ],
    );
    assert.equal(hits.filter((h) => h.url === '/loop').length, 4, 'the first request and 3 redirects');
    assert.ok(!hits.some((h) => h.url === '/admin' || h.url === '/latest'));
  });

  it('times out a server that does not answer, with bounded concurrency', async () => {
    hits.length = 0;
    const started = Date.now();
    const results = await checkLinks([`${base}/slow`, `${base}/slow?2`, `${base}/ok`], {
      timeoutMs: 300,
      concurrency: 2,
      allow: localOnly,
    });
    assert.deepEqual(
      results.map((r) => r.result),
      ['timeout', 'timeout', '200'],
    );
    // Two at a time: the third starts only after one of the slow ones timed out.
    assert.ok(Date.now() - started >= 300);
    assert.deepEqual(
      hits
        .map((h) => h.url)
        .slice(0, 2)
        .sort(),
      ['/slow', '/slow?2'],
    );
  });
});
