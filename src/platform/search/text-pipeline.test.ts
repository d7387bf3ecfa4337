import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { convertToSimplified } from '../i18n/opencc.js';
import {
  clauseEndsUsed,
  convertTriggeredClauses,
  indexTokens,
  mayBeTraditional,
  normalizeText,
} from './text-pipeline.js';
import { seededRandom } from '../seeded-random.js';

// The indexing half of the pipeline skips work it can prove changes nothing; these tests hold it to
// the slow path it replaces.

// Characters from OpenCC's trickier entries (round trips such as 么 → 麼 → 么, phrase-only changes such
// as 上梁 → 上樑, variants), traditional forms, punctuation and plain simplified text.
const POOL = Array.from(
  '么麼什这那怎多群羣秘祕覆復才纔核著着吃喫坏壞峰床牀梁樑俱唇脣乾干淨净沈瀋痴癡藉瞭拚皂皁' +
    '上下不了一面里裏后後发發台臺系係松鬆只隻出向政府信息資訊公开開申请請东莞東財预預算' +
    '，。、「」“”《》·—…（）() 0123456789abcXYZ',
);

describe('text pipeline: indexing shortcuts', () => {
  it('skips the tw → cn conversion only when the conversion would change nothing', () => {
    const r = seededRandom(3);
    let skipped = 0;
    for (let i = 0; i < 30_000; i++) {
      let text = '';
      const n = 1 + Math.floor(r() * 12);
      for (let k = 0; k < n; k++) text += POOL[Math.floor(r() * POOL.length)];
      if (!mayBeTraditional(text)) {
        skipped++;
        assert.equal(convertToSimplified(text), text, `skipped a text the conversion changes: ${text}`);
      }
    }
    assert.ok(skipped > 1_000, 'the shortcut should apply to plain simplified text');
    // Round-trip characters alone do not trigger; real traditional text and phrase-only changes do.
    assert.equal(mayBeTraditional('这个群组的书记'), false);
    for (const t of ['政府資訊公開', '上樑', '什麼', '乾淨', '羣眾', '覆蓋', '么']) {
      assert.equal(mayBeTraditional(t), true, t);
    }
    assert.equal(normalizeText('政府資訊公開申請'), '政府资讯公开申请');
  });

  it('converts only the clauses holding a trigger, with the same result as converting the whole text', () => {
    // The claim the split rests on: no key of any dictionary of the tw → cn chain contains a clause end.
    const ends = clauseEndsUsed();
    for (const c of ['。', '，', '、', '\n', '!', '?', ';', ',', ':']) assert.ok(ends.includes(c), c);
    type Group = (string | [string, string][])[];
    const configs = (OpenCC as unknown as { Locale: { configs: Record<string, Record<string, unknown>> } })
      .Locale.configs;
    const tw2s = configs.tw2s as {
      normalizationChain?: Group[];
      segmentation?: Group;
      conversionChain: Group[];
    };
    const groups = [
      ...(tw2s.normalizationChain ?? []),
      ...(tw2s.segmentation ? [tw2s.segmentation] : []),
      ...tw2s.conversionChain,
    ];
    let keys = 0;
    for (const group of groups) {
      for (const d of group) {
        for (const entry of typeof d === 'string' ? d.split('|') : d.map((pair) => pair.join(' '))) {
          const key = entry.split(' ')[0]!;
          keys++;
          for (const c of ends)
            assert.ok(!key.includes(c), `dictionary key ${key} contains ${JSON.stringify(c)}`);
        }
      }
    }
    assert.ok(keys > 5_000, `read the dictionaries (${keys} keys)`);

    // Supplementary-plane characters the conversion changes (𠁞 → 𠀾) or normalises (丽 → 丽), and one it
    // leaves alone.
    const pool = [...POOL, ...ends, ...ends, '⿰', '⿱', '𠁞', '𡑍', '丽', '𠀋'];
    const r = seededRandom(11);
    let partial = 0;
    for (let i = 0; i < 30_000; i++) {
      let text = '';
      const n = 1 + Math.floor(r() * 40);
      for (let k = 0; k < n; k++) text += pool[Math.floor(r() * pool.length)];
      const whole = convertToSimplified(text);
      assert.equal(convertTriggeredClauses(text), whole, text);
      if (mayBeTraditional(text) && !/[\u2ff0-\u2fff]/.test(text)) partial++;
    }
    assert.ok(partial > 10_000, 'most texts hold a trigger and go through the clause split');
    assert.equal(
      normalizeText('这是什么？政府資訊公開。什么时候公布，上樑'),
      convertToSimplified('这是什么?政府資訊公開。什么时候公布,上樑'),
    );
  });

  it('cuts the same letter/digit runs as a Unicode-property match on every token', () => {
    const jieba = Jieba.withDict(dict);
    const reference = (text: string) => {
      // The specification: every search-mode token's [\p{L}\p{N}]+ runs, space separated.
      const out: string[] = [];
      for (const token of jieba.cutForSearch(normalizeText(text), true)) {
        for (const run of token.match(/[\p{L}\p{N}]+/gu) ?? []) out.push(run);
      }
      return out.join(' ');
    };
    const texts = [
      '东府〔2015〕12号：关于印发《东莞市行政复议工作规定》的通知',
      'Ｆｕｌｌ－ｗｉｄｔｈ ABC abc_123 e-mail a.b@c.d 3.14 ½ Ⅻ ⑫ 〇 々 Ελληνικά Привет 한국어 ไทย',
      '𠀋𡈽 surrogate pairs, emoji 🎉 and ZWJ 👩‍👩‍👧, combining é, tab\tand\nnewline',
      '',
    ];
    for (const t of texts) {
      const got = indexTokens(t);
      assert.equal(got, reference(t), t);
      assert.ok(!/\s\s|^\s|\s$/.test(got), `single spaces only: ${JSON.stringify(got)}`);
      assert.ok(
        got.split(' ').every((w) => w === '' || /^[\p{L}\p{N}]+$/u.test(w)),
        got,
      );
    }
    assert.equal(indexTokens('东府〔2015〕12号'), '东府 2015 12 号');
  });
});
