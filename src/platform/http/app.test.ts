import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BODY_LIMITS } from './app.js';

describe('HTTP shell', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.cleanup());

  it('reports the process and database healthy', async () => {
    const res = await t.app.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', database: 'ok' });
  });

  it('renders an accessible 404 page in simplified Chinese by default', async () => {
    const res = await t.app.request('/no/such/page');
    assert.equal(res.status, 404);
    const html = await res.text();
    assert.match(html, /<html lang="zh-CN"/);
    assert.match(html, /页面不存在/);
    assert.match(html, /href="#main"/);
    assert.match(html, /<main id="main"/);
  });

  it('switches to traditional Chinese with ?lang and remembers it in a cookie', async () => {
    const res = await t.app.request('/no/such/page?lang=zh-TW');
    const html = await res.text();
    assert.match(html, /<html lang="zh-TW"/);
    assert.match(html, /頁面不存在/);
    // The language switcher names each language in its own script, untouched by conversion.
    assert.match(html, /简体中文/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lang='));
    assert.ok(cookie?.startsWith('lang=zh-TW'));
    const again = await t.app.request('/another/missing', { headers: { cookie: 'lang=zh-TW' } });
    assert.match(await again.text(), /頁面不存在/);
  });

  it('serves English when chosen', async () => {
    const res = await t.app.request('/missing?lang=en');
    assert.match(await res.text(), /Page not found/);
  });

  it('sets a strict content security policy and other secure headers', async () => {
    const res = await t.app.request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('refuses a form post without a CSRF token and changes nothing', async () => {
    const res = await t.app.request('/prefs/view', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'mode=large',
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /页面已过期/);
  });

  it('accepts a form post whose token matches even without an Origin header, and refuses another site', async () => {
    const first = await t.app.request('/missing');
    const cookie = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('gk_csrf='))!
      .split(';')[0]!;
    const token = cookie.slice('gk_csrf='.length);
    const post = (origin?: string) =>
      t.app.request('/nowhere', {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          ...(origin ? { origin } : {}),
        },
        body: `_csrf=${token}`,
      });
    // Past the CSRF check, the route simply does not exist.
    assert.equal((await post()).status, 404);
    assert.equal((await post('http://localhost')).status, 404);
    assert.equal((await post('https://evil.example')).status, 403);
  });

  it('remembers large-text mode and only redirects back to a local path', async () => {
    const res = await t.app.request('/prefs/view?mode=large&back=//evil.example/');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/');
    assert.ok(res.headers.getSetCookie().some((c) => c.startsWith('view=large')));
    const page = await t.app.request('/missing', { headers: { cookie: 'view=large' } });
    assert.match(await page.text(), /<html lang="zh-CN" class="large-text"/);
  });

  it('serves the stylesheet with an ETag and answers 304 when unchanged', async () => {
    const res = await t.app.request('/static/app.css');
    assert.equal(res.status, 200);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const again = await t.app.request('/static/app.css', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await t.app.request('/static/..%2Fapp.tsx')).status, 404);
  });
  it('refuses a public form body over the limit with 413 and a message, before reading it', async () => {
    const res = await t.app.request('/prefs/view', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(BODY_LIMITS.public + 1),
      },
      body: 'mode=large',
    });
    assert.equal(res.status, 413);
    const html = await res.text();
    assert.match(html, /超过了允许的大小/);
    assert.equal(
      res.headers.getSetCookie().find((c) => c.startsWith('view=')),
      undefined,
    );
  });

  it('stops a chunked body without a length once it passes the limit', async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Never ends by itself: only the limit can stop the server reading.
        sent += chunk.length;
        if (sent > BODY_LIMITS.public * 4) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await t.app.request('/prefs/view', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    });
    assert.equal(res.status, 413);
    assert.ok(sent <= BODY_LIMITS.public + 2 * chunk.length, `read ${sent} bytes before refusing`);
  });

  it('gives staff routes the larger upload limit and answers the API with a stable code', async () => {
    const staff = await t.app.request('/staff/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(BODY_LIMITS.public + 1),
      },
      body: 'username=x',
    });
    assert.notEqual(staff.status, 413);
    const tooBig = await t.app.request('/staff/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(BODY_LIMITS.staff + 1),
      },
      body: 'username=x',
    });
    assert.equal(tooBig.status, 413);
    const api = await t.app.request('/api/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(BODY_LIMITS.public + 1) },
      body: '{}',
    });
    assert.equal(api.status, 413);
    const json = (await api.json()) as { error: { code: string } };
    assert.equal(json.error.code, 'PAYLOAD_TOO_LARGE');
  });
});
