import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listMessageKeys, t } from '../src/platform/i18n/i18n.js';
// The composition root imports every context's routes, and through them every message file.
import '../src/server.js';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('message catalog', () => {
  const zh = new Set(listMessageKeys('zh-CN'));
  const en = new Set(listMessageKeys('en'));

  it('has messages registered by the composition root', () => {
    assert.ok(zh.size > 50, `only ${zh.size} zh-CN keys registered`);
  });

  it('has an English translation for every zh-CN key', () => {
    assert.deepEqual(
      [...zh].filter((key) => !en.has(key)),
      [],
    );
  });

  it('has a zh-CN source for every English key', () => {
    assert.deepEqual(
      [...en].filter((key) => !zh.has(key)),
      [],
    );
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...zh]
      .filter((key) => en.has(key))
      .filter((key) => placeholders(t('zh-CN', key)).join() !== placeholders(t('en', key)).join());
    assert.deepEqual(mismatched, []);
  });

  it('has no empty messages', () => {
    const empty = [...zh].filter((key) => t('zh-CN', key).trim() === '' || t('en', key).trim() === '');
    assert.deepEqual(empty, []);
  });
});
