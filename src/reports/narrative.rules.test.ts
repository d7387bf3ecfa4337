import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import {
  checkNarrativePercentages,
  extractNarrativeClaims,
  parseChineseNumeral,
  parseQuotedNumber,
} from './narrative.rules.js';

describe('numbers as written in reports', () => {
  const table: [string, number | null][] = [
    ['1207', 1207],
    ['1,207', 1207],
    ['１２０７', 1207],
    ['1.2万', 12000],
    ['一千二百零七', 1207],
    ['十二', 12],
    ['二十', 20],
    ['两万三千', 23000],
    ['一二〇七', 1207],
    ['零', 0],
    ['三百', 300],
    ['abc', null],
    ['', null],
  ];
  for (const [text, value] of table)
    it(`reads "${text}" as ${value}`, () => assert.equal(parseQuotedNumber(text), value));
  it('refuses a word that is not a numeral', () => assert.equal(parseChineseNumeral('国家'), null));
});

describe('figures quoted in the narrative', () => {
  const claims = (text: string) => extractNarrativeClaims(text).map((c) => [c.metric, c.value]);
  const table: [string, [string, number][]][] = [
    [
      '本年度共收到政府信息公开申请1,207件，上年结转12件。',
      [
        ['received', 1207],
        ['carried_in', 12],
      ],
    ],
    [
      '全年办结一千二百零七件，结转下年度继续办理五件。',
      [
        ['closed', 1207],
        ['carried_out', 5],
      ],
    ],
    [
      '予以公开及部分公开258件，不予公开3件，无法提供265件。',
      [
        ['granted_partial', 258],
        ['withheld', 3],
        ['unavailable', 265],
      ],
    ],
    [
      '其中予以公开6件，部分公开2件。',
      [
        ['granted', 6],
        ['partial', 2],
      ],
    ],
    ['不予以公开2件。', [['withheld', 2]]],
    [
      '被申请行政复议3件，被提起行政诉讼2件。',
      [
        ['reconsideration', 3],
        ['litigation', 2],
      ],
    ],
    [
      '发生行政复议3件、行政诉讼2件。',
      [
        ['reconsideration', 3],
        ['litigation', 2],
      ],
    ],
    ['全市共有32宗不予公开的政府信息。', [['withheld', 32]]],
    [
      '制发规章2件、行政规范性文件5件，现行有效规范性文件40件。',
      [
        ['regulations_issued', 2],
        ['normative_issued', 5],
        ['normative_valid', 40],
      ],
    ],
    ['作出行政许可决定120件。', [['licensing', 120]]],
    // Not counts: a rate, an exception, a year, words with numerals in them.
    ['除1宗无效申请外，办结率为100%。', []],
    ['2015年，坚持“三安全一稳定”原则，按照一事一申请原则处理。', []],
    ['主动公开政府信息1831条。', []],
  ];
  for (const [text, expected] of table) it(`reads ${text}`, () => assert.deepEqual(claims(text), expected));

  it('reads traditional characters the same way', () => {
    assert.deepEqual(claims('全市共收到政府信息公開申請1207宗，辦結一千二百零七宗。'), [
      ['received', 1207],
      ['closed', 1207],
    ]);
  });
});

describe('shares quoted in the narrative', () => {
  it('accepts shares of a total quoted earlier in the paragraph, rounded either way', () => {
    const text =
      '2015年，市政府信息公开网站发布政府信息1831条。其中，政府规章文件类信息96条，占5%；统计数据类信息8条，占1%；其他事项类信息19条，占1%。';
    assert.deepEqual(checkNarrativePercentages(text), []);
  });

  it('checks the list form "分别为…，所占比重分别为…"', () => {
    const ok =
      '全市共收到申请1207宗。当面申请、信函申请、网络申请的申请量分别为：677宗、310宗、220宗，所占比重分别为56%、26%、18%。';
    assert.deepEqual(checkNarrativePercentages(ok), []);
    const bad = ok.replace('26%', '36%');
    const problems = checkNarrativePercentages(bad);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.count, 310);
    assert.equal(problems[0]!.percent, 36);
  });

  it('holds a one-decimal share to its decimal place, against the tables when the text gives no total', () => {
    assert.deepEqual(checkNarrativePercentages('予以公开及部分公开275件，占31.4%。', [877]), []);
    const problems = checkNarrativePercentages('予以公开及部分公开258件，占33.9%。', [859, 877, 805]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.sentence, /予以公开及部分公开258件/);
  });
});

const SEED = '/work/shared/reference/seed-2015-annual-report.txt';
describe('the seed report (2015, traditional characters)', { skip: !existsSync(SEED) }, () => {
  it('quotes 1,207 applications received and 32 withheld, and its shares hold', () => {
    const text = readFileSync(SEED, 'utf8');
    const claims = extractNarrativeClaims(text).map((c) => [c.metric, c.value]);
    assert.deepEqual(claims, [
      ['received', 1207],
      ['withheld', 32],
    ]);
    assert.deepEqual(checkNarrativePercentages(text), []);
  });
});
