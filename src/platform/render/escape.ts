// Escaping of text (often typed by users) for HTML and SVG markup.

// Characters XML 1.0 forbids outright: one of them makes a standalone SVG file unreadable.
// eslint-disable-next-line no-control-regex
const NOT_ALLOWED_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for an element's content or a quoted attribute in HTML or XML.
 * Characters XML cannot hold are dropped, and a lone surrogate becomes U+FFFD.
 */
export function escapeMarkup(text: string): string {
  return text
    .toWellFormed()
    .replace(NOT_ALLOWED_IN_XML, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
