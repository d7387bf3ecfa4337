import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasMessage, listMessageKeys, t } from '../src/platform/i18n/i18n.js';
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

describe('error messages', () => {
  it('has a registered message for every error key, loaded by the module that raises it', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !name.includes('.test.')) files.push(full);
      }
    };
    walk('src');
    const keys = new Set<string>();
    for (const file of files) {
      const found = [...readFileSync(file, 'utf8').matchAll(/'([a-z_]+\.error\.[a-z_]+)'/g)].map(
        (m) => m[1]!,
      );
      if (found.length === 0) continue;
      found.forEach((k) => keys.add(k));
      // Loading the module must be enough to register its messages, whether or not a route uses it yet.
      if (file !== join('src', 'cli', 'main.ts')) await import(pathToFileURL(file).href);
    }
    assert.ok(keys.size > 20, `found only ${keys.size} error keys`);
    assert.deepEqual(
      [...keys].filter((key) => !hasMessage(key)),
      [],
    );
  });
});
