import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, normaliseBody, sanitizeBodyHtml } from './body.rules.js';

describe('sanitizeBodyHtml', () => {
  const cases: [string, string, string][] = [
    ['drops scripts with their content', '<p>正文</p><script>alert(1)</script>', '<p>正文</p>'],
    ['drops styles with their content', '<style>p{color:red}</style><p>正文</p>', '<p>正文</p>'],
    ['drops event handlers', '<p onclick="steal()">正文</p>', '<p>正文</p>'],
    ['drops inline styles and classes', '<p style="color:red" class="x">正文</p>', '<p>正文</p>'],
    [
      'drops javascript: links',
      '<a href="javascript:alert(1)">点</a>',
      '<a rel="noopener noreferrer">点</a>',
    ],
    ['drops data: links', '<a href="data:text/html,x">点</a>', '<a rel="noopener noreferrer">点</a>'],
    [
      'keeps http links with rel',
      '<a href="https://example.gov.cn/a" target="_blank">链接</a>',
      '<a href="https://example.gov.cn/a" rel="noopener noreferrer">链接</a>',
    ],
    [
      'drops images and frames',
      '<p>图<img src=x onerror=alert(1)></p><iframe src="https://x"></iframe>',
      '<p>图</p>',
    ],
    ['turns h1 into h2', '<h1>标题</h1>', '<h2>标题</h2>'],
    [
      'keeps tables',
      '<table><tr><td colspan="2">甲</td></tr></table>',
      '<table><tr><td colspan="2">甲</td></tr></table>',
    ],
    ['drops svg payloads', '<svg><script>alert(1)</script></svg><p>x</p>', '<p>x</p>'],
  ];
  for (const [name, input, expected] of cases)
    it(name, () => assert.equal(sanitizeBodyHtml(input), expected));
});

describe('body text', () => {
  it('keeps every visible character and breaks blocks into lines', () => {
    assert.equal(
      htmlToText('<h2>一、总则</h2><p>第一条 为了&lt;规范&gt; A&amp;B。</p><ul><li>甲</li><li>乙</li></ul>'),
      '一、总则\n第一条 为了<规范> A&B。\n甲\n乙',
    );
  });

  it('turns plain text into escaped paragraphs', () => {
    assert.deepEqual(normaliseBody('1 < 2 & 3 > 2\n\n第二行'), {
      html: '<p>1 &lt; 2 &amp; 3 &gt; 2</p>\n<p>第二行</p>',
      text: '1 < 2 & 3 > 2\n第二行',
    });
  });
});
