import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isValidResidentId,
  passesLuhn,
  residentIdCheckDigit,
  scanForPii,
  redactionMask,
} from './pii.rules.js';

const kinds = (text: string) => scanForPii(text).map((f) => `${f.kind}:${f.value}`);

describe('resident ID numbers (GB 11643)', () => {
  const cases: [string, boolean, string][] = [
    ['11010519491231002X', true, 'check digit X'],
    ['11010519491231002x', true, 'lower-case x'],
    ['441900199003071238', true, 'numeric check digit'],
    ['440301198510100011', true, 'check digit 1'],
    ['441900199003071236', false, 'wrong check digit'],
    ['110105194912310021', false, 'digit where X is due'],
    ['441900199002301230', false, 'no 30 February'],
    ['011900199003071238', false, 'region cannot start with 0'],
    ['44190019900307123', false, '17 characters'],
  ];
  for (const [id, expected, why] of cases) {
    it(`${expected ? 'accepts' : 'refuses'} ${id} (${why})`, () =>
      assert.equal(isValidResidentId(id), expected));
  }
  it('computes the check digit with the ISO 7064 MOD 11-2 weights', () => {
    assert.equal(residentIdCheckDigit('11010519491231002'), 'X');
    assert.equal(residentIdCheckDigit('32010219800101211'), '8');
  });
});

describe('Luhn', () => {
  const cases: [string, boolean][] = [
    ['4111111111111111', true],
    ['6222021234567890128', true],
    ['6222021234567890127', false],
    ['79927398713', true],
    ['', false],
    ['12a4', false],
  ];
  for (const [digits, expected] of cases)
    it(`${digits || '(empty)'} → ${expected}`, () => assert.equal(passesLuhn(digits), expected));
});

describe('scanForPii', () => {
  const cases: [string, string, string[]][] = [
    [
      'an ID number in text',
      '申请人张三，身份证号11010519491231002X，住址…',
      ['resident_id:11010519491231002X'],
    ],
    ['an ID with a bad checksum', '身份证号441900199003071236', []],
    ['a mobile number', '联系电话：13812345678。', ['mobile:13812345678']],
    ['a mobile number with +86 and spaces', '电话 +86 138 1234 5678', ['mobile:+86 138 1234 5678']],
    ['a mobile number with hyphens', '手机138-1234-5678', ['mobile:138-1234-5678']],
    ['a landline is not a mobile number', '电话：0769-22831234', []],
    ['a bank card number (Luhn)', '账号6222021234567890128', ['bank_card:6222021234567890128']],
    ['a grouped bank card number', '卡号 6222 0212 3456 7890 128 。', ['bank_card:6222 0212 3456 7890 128']],
    ['a 16-digit number failing Luhn', '编号6222021234567891', []],
    [
      'an e-mail address',
      '请发送至 zhang.san+gk@mail.example.com.cn。',
      ['email:zhang.san+gk@mail.example.com.cn'],
    ],
    ['a 索引号 with a credit code', '索引号：11441700007280420Y/2021-00050', []],
    ['a 索引号 with an organisation code', '索引号：000013338/2023-00079；014416330/2018-04736', []],
    ['a 索引号 by month', '11341702486344515H/202110-00013', []],
    ['a 文号', '东府〔2025〕12号、东府办函〔2021〕9号', []],
    ['dates and amounts', '2025-03-01 20250301 2025年3月1日 预算 13812345.67 万元', []],
    ['an 18-digit serial glued to letters', 'SN11010519491231002XA', []],
    ['a long run of digits', '123456789012345678901234', []],
    [
      'several values in order',
      '邮箱a@b.cn，手机15912345678，证件440301198510100011',
      ['email:a@b.cn', 'mobile:15912345678', 'resident_id:440301198510100011'],
    ],
  ];
  for (const [name, text, expected] of cases)
    it(`finds ${name}`, () => assert.deepEqual(kinds(text), expected));

  it('reports positions of the value in the scanned text', () => {
    const text = '电话：13812345678';
    const [f] = scanForPii(text);
    assert.ok(f);
    assert.equal(text.slice(f.start, f.end), '13812345678');
  });

  it('never shows a full value in an excerpt, its own or a neighbour’s', () => {
    const findings = scanForPii('身份证号11010519491231002X，电话13812345678');
    for (const f of findings) {
      assert.ok(!f.excerptMasked.includes('11010519491231002X'), f.excerptMasked);
      assert.ok(!f.excerptMasked.includes('13812345678'), f.excerptMasked);
    }
    assert.match(findings[1]!.excerptMasked, /138\*\*\*\*5678/);
  });

  it('masks a redaction with one full-width asterisk per character', () => {
    assert.equal(redactionMask('13812345678'), '＊'.repeat(11));
  });
});
