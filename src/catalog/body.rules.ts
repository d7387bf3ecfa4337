import sanitizeHtml from 'sanitize-html';

/**
 * The 正文 of an item: rich text from the editor, a Word file or an import, reduced to a strict
 * allow-list of structural tags. No scripts, styles, event handlers, classes, images or frames; links
 * only to http(s) and mailto. The page's own `<h1>` is the title, so headings start at `<h2>`.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'hr',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Content of these is dropped entirely, not kept as text.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'iframe',
    'object',
    'template',
  ],
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};
// `rel` is added by the transform above, so it must be allowed on the way out.
SANITIZE_OPTIONS.allowedAttributes = { ...SANITIZE_OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] };

export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+|#39);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Plain text of sanitised HTML: block ends become line breaks, tags go, entities are decoded. This is
 * what the search index and the personal-data scan read, so it must keep every visible character.
 */
export function htmlToText(sanitisedHtml: string): string {
  // Line breaks in the markup are layout, not content (HTML collapses them); tags decide the lines.
  const withBreaks = sanitisedHtml
    .replace(/\s*\n\s*/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[2-6]|li|blockquote|pre|tr|table|caption)>/gi, '\n')
    .replace(/<\/(td|th)>/gi, '\t')
    .replace(/<hr\s*\/?>/gi, '\n');
  const text = decodeEntities(withBreaks.replace(/<[^>]*>/g, ''));
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Plain text as paragraphs (one per non-empty line). */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}

/** Whether `body` is HTML (as from the editor or Word) rather than plain text (as from a CSV import). */
export function looksLikeHtml(body: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?\/?>/.test(body);
}

/** The stored pair for any body input: sanitised HTML and its text. */
export function normaliseBody(body: string): { html: string; text: string } {
  const html = looksLikeHtml(body) ? sanitizeBodyHtml(body) : sanitizeBodyHtml(textToHtml(body));
  return { html, text: htmlToText(html) };
}
