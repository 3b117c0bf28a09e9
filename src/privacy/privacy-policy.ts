/**
 * The privacy policy applied at ingest, before anything is stored: what happens to prompt and
 * completion text (drop, keep, or keep with regex redactions) and whether user and session ids are
 * replaced by HMAC-SHA256 hashes. Plain data, so it crosses into worker threads as is.
 */

/** What happens to prompt/completion text. */
export type TextMode = 'keep' | 'redact' | 'drop';

/** The built-in redaction patterns, by name. */
export const BUILTIN_PATTERNS: Record<string, string> = {
  // e.g. "ana.lopez@example.com"
  email: String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
  // e.g. "+1 (415) 555-0132", "0049 30 1234567"; at least 9 digits so dates and counts are kept
  phone: String.raw`(?<![\w.])\+?\d(?:[ ().-]{0,2}\d){8,14}(?![\w.])`,
  // e.g. "sk-proj-…", "ghp_…", "AKIA…", "xoxb-…", "Bearer eyJ…"
  api_key: String.raw`\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abpr]-[A-Za-z0-9-]{10,}|\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*`,
};

export interface PrivacyPolicy {
  text: TextMode;
  /** Regex sources applied in 'redact' mode, built-in ones included; each match becomes `[REDACTED]`. */
  patterns: string[];
  /** HMAC key for user and session ids; null means ids are stored as they came. */
  hashKey: string | null;
}

/** The policy when nothing is configured: text kept, ids kept. */
export const KEEP_EVERYTHING: PrivacyPolicy = { text: 'keep', patterns: [], hashKey: null };

/** The replacement for a redacted match and for dropped text. */
export const REDACTED = '[REDACTED]';
export const DROPPED = '[DROPPED]';
