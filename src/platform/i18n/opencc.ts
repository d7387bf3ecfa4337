import * as OpenCC from 'opencc-js';

/**
 * OpenCC converters, built once (each costs tens of milliseconds and ~12 MB).
 * `tw` converts characters and variants but not phrases: 政府信息公开 is a legal term and must stay
 * 政府信息公開, not become the Taiwanese phrase 政府資訊公開 (docs/decisions.md).
 */
// opencc-js's bundled .d.ts imports './core' without an extension, which NodeNext cannot resolve,
// so its function type is declared here.
type ConverterFactory = (options: { from: string; to: string }) => (text: string) => string;
const createConverter = OpenCC.Converter as unknown as ConverterFactory;

let toTraditional: ((s: string) => string) | undefined;
let toSimplified: ((s: string) => string) | undefined;

export function convertToTraditional(text: string): string {
  const convert = (toTraditional ??= createConverter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

/** Traditional (Taiwan or Hong Kong forms) to simplified, for search normalisation. */
export function convertToSimplified(text: string): string {
  const convert = (toSimplified ??= createConverter({ from: 'tw', to: 'cn' }));
  return convert(text);
}

const NO_CONVERT = /<!--noconv-->([\s\S]*?)<!--\/noconv-->/g;

/**
 * Converts a whole rendered HTML page to traditional characters, leaving alone the regions wrapped in
 * `<!--noconv-->…<!--/noconv-->` (such as the language switcher, which names each language in its
 * own script). Only CJK characters change, so markup, URLs and attributes are untouched.
 */
export function convertHtmlToTraditional(html: string): string {
  let out = '';
  let last = 0;
  for (const m of html.matchAll(NO_CONVERT)) {
    out += convertToTraditional(html.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return out + convertToTraditional(html.slice(last));
}
