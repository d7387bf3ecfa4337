import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

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
});
