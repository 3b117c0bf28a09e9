/**
 * Pure: making untrusted text safe in HTML. Everything span-derived (prompts, user ids, names,
 * attribute values) passes through `escapeHtml` before it reaches a page, and JSON embedded in a
 * <script> element passes through `jsonForScript`, so `</script>` or `"><img onerror=…>` in the
 * data stays text.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Returns text with the five HTML-significant characters replaced by entities (safe in content and quoted attributes). */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Returns JSON that can sit inside a <script type="application/json"> element: `<`, `>` and `&`
 * become \u escapes (no `</script>` or `<!--` can appear) and so do U+2028/U+2029. JSON.parse of the
 * element's text gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Returns JavaScript source made safe to inline in a <script> element (no closing tag inside). */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
