/**
 * The knobs of `spanlens build`, with their defaults. Rules that use them are described in the
 * README ("Failure attribution", "Session type").
 */
import { DEFAULT_SESSION_TYPE_KEYS } from '../semconv.js';

export interface BuildOptions {
  /** A retrieval whose best document scores below this fails the turn as `retrieval_low_score`. */
  retrievalLowScore: number;
  /** A retrieved memory/document older than this many days is `stale_memory`. */
  staleMaxAgeDays: number;
  /** A retrieved memory/document with a confidence below this is `stale_memory`. */
  staleMinConfidence: number;
  /** Final output vs last completion similarity (1 − edit distance / length) below this is `postprocess_mismatch`. */
  postprocessMinSimilarity: number;
  /** Attribute keys naming the session type, tried in order on the trace's spans, then their resources. */
  sessionTypeKeys: string[];
  /** A JSON or CSV file of price overrides, applied before the bundled price table. */
  pricesFile: string | null;
}

export const DEFAULT_BUILD_OPTIONS: Readonly<BuildOptions> = Object.freeze({
  retrievalLowScore: 0.3,
  staleMaxAgeDays: 180,
  staleMinConfidence: 0.3,
  postprocessMinSimilarity: 0.5,
  sessionTypeKeys: [...DEFAULT_SESSION_TYPE_KEYS],
  pricesFile: null,
});

/** Returns the SQL parameters the build's queries may reference. */
export function buildParameters(o: BuildOptions): Record<string, unknown> {
  return {
    retrieval_low_score: o.retrievalLowScore,
    stale_max_age_days: o.staleMaxAgeDays,
    stale_min_confidence: o.staleMinConfidence,
    postprocess_min_similarity: o.postprocessMinSimilarity,
    session_type_keys: o.sessionTypeKeys,
    // ingest stored the default keys' value in spans.declared_session_type: other keys are read from JSON
    session_type_keys_are_default:
      o.sessionTypeKeys.length === DEFAULT_SESSION_TYPE_KEYS.length && o.sessionTypeKeys.every((k, i) => k === DEFAULT_SESSION_TYPE_KEYS[i]),
  };
}
