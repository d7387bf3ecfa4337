import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexPattern, renderIndexNumber, type IndexNumberFacts } from './index-number.rules.js';

const facts: IndexNumberFacts = {
  orgCode: 'dgfgw',
  creditCode: '11441900007280420Y',
  date: '2026-03-09',
  seq: 79,
};

function render(pattern: string, f: Partial<IndexNumberFacts> = {}): string {
  const parsed = parseIndexPattern(pattern);
  assert.ok(parsed.ok, `pattern ${pattern} refused`);
  return renderIndexNumber(parsed.parts, { ...facts, ...f });
}

describe('index-number patterns', () => {
  const renders: [string, Partial<IndexNumberFacts>, string][] = [
    ['{orgCode}/{yyyy}-{seq:5}', {}, 'dgfgw/2026-00079'],
    ['{creditCode}/{yyyymm}-{seq:5}', {}, '11441900007280420Y/202603-00079'],
    ['{creditCode}/{yyyy}-{seq:5}', { seq: 1 }, '11441900007280420Y/2026-00001'],
    ['GK-{yyyy}-{seq}', { seq: 7 }, 'GK-2026-7'],
    ['{orgCode}/{yyyy}-{seq:3}', { seq: 12345 }, 'dgfgw/2026-12345'],
    ['{seq:5}', { seq: 3 }, '00003'],
  ];
  for (const [pattern, f, expected] of renders) {
    it(`renders ${pattern} as ${expected}`, () => assert.equal(render(pattern, f), expected));
  }

  const refusals: [string, string][] = [
    ['{orgCode}/{yyyy}', 'catalog.error.pattern_seq_missing'],
    ['', 'catalog.error.pattern_required'],
    ['{orgCode}/{seq}-{seq}', 'catalog.error.pattern_seq_twice'],
    ['{orgcode}/{seq}', 'catalog.error.pattern_unknown_token'],
    ['{dd}/{seq:5}', 'catalog.error.pattern_unknown_token'],
    ['{seq:0}', 'catalog.error.pattern_seq_width'],
    ['{seq:11}', 'catalog.error.pattern_seq_width'],
    ['索引/{seq}', 'catalog.error.pattern_bad_text'],
    ['a b/{seq}', 'catalog.error.pattern_bad_text'],
    ['{orgCode}/{seq', 'catalog.error.pattern_bad_text'],
    ['x'.repeat(101) + '{seq}', 'catalog.error.pattern_too_long'],
  ];
  for (const [pattern, error] of refusals) {
    it(`refuses ${JSON.stringify(pattern.slice(0, 30))} (${error})`, () => {
      const parsed = parseIndexPattern(pattern);
      assert.equal(parsed.ok, false);
      assert.equal(!parsed.ok && parsed.error, error);
    });
  }

  it('refuses to render {creditCode} for an organisation without one', () => {
    assert.throws(() => render('{creditCode}/{seq}', { creditCode: null }));
  });
});
