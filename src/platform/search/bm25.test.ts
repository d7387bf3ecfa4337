import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  B,
  K1,
  bm25Scorer,
  inverseDocumentFrequency,
  occurrences,
  termForms,
  type ScoredFields,
} from './bm25.js';

const fields = (f: Partial<ScoredFields>): ScoredFields => {
  const base = { title: '', meta: '', body: '', attachments: '', ...f };
  return {
    ...base,
    length: f.length ?? base.title.length + base.meta.length + base.body.length + base.attachments.length,
  };
};
const corpus = { documents: 1_000, averageLength: 100 };

describe('BM25', () => {
  it('computes the IDF as FTS5 does, never below 1e-6', () => {
    assert.equal(inverseDocumentFrequency(10, 1_000), Math.log(990.5 / 10.5));
    assert.equal(inverseDocumentFrequency(900, 1_000), 1e-6, 'a word in most documents');
    assert.equal(inverseDocumentFrequency(5_000, 1_000), 1e-6, 'an estimate above the corpus size');
  });

  it('counts non-overlapping occurrences, in the simplified or the traditional form', () => {
    assert.equal(occurrences('拆迁拆迁 拆迁', ['拆迁']), 3);
    assert.equal(occurrences('aaaa', ['aa']), 2);
    assert.deepEqual(termForms('公开'), ['公开', '公開']);
    assert.deepEqual(termForms('2015'), ['2015']);
    assert.equal(occurrences('政府信息公開與公开', termForms('公开')), 2);
  });

  it('follows the formula for one term in one field', () => {
    const idf = inverseDocumentFrequency(10, 1_000);
    const f = 1; // once in the body (weight 1)
    const doc = fields({ body: '拆迁'.padEnd(100, '。') });
    const expected = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * 100) / 100));
    const got = bm25Scorer([{ term: '拆迁', documents: 10 }], corpus).score(doc);
    assert.ok(Math.abs(got - expected) < 1e-12, `${got} vs ${expected}`);
  });

  it('weighs the title most, then the summary, the body, the attachments', () => {
    const s = bm25Scorer([{ term: '拆迁', documents: 10 }], corpus);
    const pad = '。'.repeat(98);
    const title = s.score(fields({ title: '拆迁', body: pad }));
    const meta = s.score(fields({ meta: '拆迁', body: pad }));
    const body = s.score(fields({ body: '拆迁' + pad }));
    const attachments = s.score(fields({ attachments: '拆迁', body: pad }));
    assert.ok(title > meta && meta > body && body > attachments && attachments > 0);
  });

  it('rises with the number of occurrences and falls with the length', () => {
    const s = bm25Scorer([{ term: '预算', documents: 10 }], corpus);
    const once = s.score(fields({ body: '预算' + '。'.repeat(98) }));
    const thrice = s.score(fields({ body: '预算预算预算' + '。'.repeat(94) }));
    const longer = s.score(fields({ body: '预算' + '。'.repeat(398) }));
    assert.ok(thrice > once, 'more occurrences');
    assert.ok(once > longer, 'shorter document');
    assert.equal(s.score(fields({ body: '无关' })), 0, 'no occurrence, no score');
    const fullWidth = bm25Scorer([{ term: 'abc2015', documents: 10 }], corpus);
    assert.ok(
      fullWidth.score(fields({ title: 'ＡＢＣ２０１５' })) > 0,
      'full-width letters and digits fold as in the index',
    );
  });

  it('gives a rare term more weight than a common one', () => {
    const s = bm25Scorer(
      [
        { term: '东莞', documents: 800 },
        { term: '拆迁', documents: 5 },
      ],
      corpus,
    );
    const pad = '。'.repeat(96);
    assert.ok(s.score(fields({ body: '拆迁' + pad })) > s.score(fields({ body: '东莞' + pad })));
  });
});
