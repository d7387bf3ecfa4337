/**
 * How a letter's text (letters.rules.ts `renderLetterText`) is laid out on paper, the same for Word and
 * PDF: the salutation flush left, body paragraphs indented two characters, and the closing block
 * (issuing organisation and date) set to the right, as 党政机关公文格式 (GB/T 9704-2012) lays out a
 * letter. Pure.
 */

export interface LetterBlock {
  kind: 'salutation' | 'paragraph' | 'signature';
  lines: string[];
}

export interface LaidOutLetter {
  title: string;
  blocks: LetterBlock[];
}

/** `2026-03-02` → `2026年3月2日` (dates in letters are written out; GB/T 9704 7.3.5.1). */
export function formatLetterDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : value;
}

/**
 * Splits the text into blocks at blank lines. The first block ending in "：" is the salutation; the
 * last block, when it is at most three short lines, is the signature (organisation, date).
 */
export function layOutLetter(letter: { title: string; text: string }): LaidOutLetter {
  const chunks = letter.text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    )
    .filter((lines) => lines.length > 0);
  const blocks: LetterBlock[] = chunks.map((lines) => ({ kind: 'paragraph', lines }));
  const first = blocks[0];
  if (first && first.lines.length === 1 && /[：:]$/.test(first.lines[0]!)) first.kind = 'salutation';
  const last = blocks[blocks.length - 1];
  if (
    last &&
    blocks.length > 1 &&
    last.kind === 'paragraph' &&
    last.lines.length <= 3 &&
    last.lines.every((l) => l.length <= 40)
  ) {
    last.kind = 'signature';
    last.lines = last.lines.map(formatLetterDate);
  }
  return { title: letter.title.trim(), blocks };
}

/** A file name for the letter: its title and the application reference, without path characters. */
export function letterFileName(title: string, reference: string, extension: 'docx' | 'pdf'): string {
  const safe = `${title}-${reference}`.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120);
  return `${safe}.${extension}`;
}
