/**
 * The knobs of `spanlens build`, with their defaults. Rules that use them are described in the
 * README ("Failure attribution", "Session type").
 */
import type { MetricSettings } from '../metrics/turn-fact.js';
import { DEFAULT_SAMPLE_RATE_KEYS, DEFAULT_SESSION_TYPE_KEYS } from '../semconv.js';

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
  /** Metric tables: a rate or mean over fewer rows than this is `is_small_sample` (Wilson rates also need ≥ 5 hits and misses). */
  minSampleSize: number;
  /** Metric tables: turns at or past this index share one bucket ("10+"). */
  turnIndexCap: number;
  /** A completion whose word-set Jaccard similarity to the session's previous completion is at least this is a repetition. */
  repetitionMinSimilarity: number;
  /** Sessions with fewer turns get no cost-growth exponent. */
  growthMinTurns: number;
  /** A session whose cost-growth exponent exceeds this is super-linear (1 = flat cost per turn, 2 = linearly growing). */
  superLinearExponent: number;
  /** Failure-prone rankings only rank session types and users with at least this many sessions. */
  minSupportSessions: number;
  /** Days in each of the before and after windows around a model-snapshot change. */
  impactWindowDays: number;
  /** Bootstrap resamples for the latency-quantile differences of model_change_impacts. */
  bootstrapResamples: number;
  /** Attribute keys carrying a SampleRate-style "1 in N kept" rate, tried in order (span, then resource). */
  sampleRateKeys: string[];
  /** Evaluation scales declared by name (e.g. helpfulness: 1–5), mapped to 0..1 for `quality`; other scores must already be 0..1. */
  qualityScales: QualityScale[];
  /** Rebuild every table whole even when an incremental build could splice (src/build/incremental-build.ts). */
  fullBuild: boolean;
}

/** An evaluation's score range: `low` maps to quality 0, `high` to 1. */
export interface QualityScale {
  name: string;
  low: number;
  high: number;
}

export const DEFAULT_BUILD_OPTIONS: Readonly<BuildOptions> = Object.freeze({
  retrievalLowScore: 0.3,
  staleMaxAgeDays: 180,
  staleMinConfidence: 0.3,
  postprocessMinSimilarity: 0.5,
  sessionTypeKeys: [...DEFAULT_SESSION_TYPE_KEYS],
  pricesFile: null,
  minSampleSize: 30,
  turnIndexCap: 10,
  repetitionMinSimilarity: 0.9,
  growthMinTurns: 4,
  superLinearExponent: 1.2,
  minSupportSessions: 20,
  impactWindowDays: 7,
  bootstrapResamples: 500,
  sampleRateKeys: [...DEFAULT_SAMPLE_RATE_KEYS],
  qualityScales: [],
  fullBuild: false,
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
    min_sample_size: o.minSampleSize,
    turn_index_cap: o.turnIndexCap,
    repetition_min_similarity: o.repetitionMinSimilarity,
    growth_min_turns: o.growthMinTurns,
    super_linear_exponent: o.superLinearExponent,
    sample_rate_keys: o.sampleRateKeys,
    // one JSON text, not lists: DuckDB cannot type an empty list parameter
    quality_scales: JSON.stringify(o.qualityScales),
    // ingest stored the default keys' rate in spans.declared_sample_rate: other keys are read from JSON
    sample_rate_keys_are_default:
      o.sampleRateKeys.length === DEFAULT_SAMPLE_RATE_KEYS.length && o.sampleRateKeys.every((k, i) => k === DEFAULT_SAMPLE_RATE_KEYS[i]),
  };
}

/** Returns the settings the TypeScript metric steps use. */
export function metricSettings(o: BuildOptions): MetricSettings {
  return {
    minSampleSize: o.minSampleSize,
    turnIndexCap: o.turnIndexCap,
    minSupportSessions: o.minSupportSessions,
    impactWindowDays: o.impactWindowDays,
    bootstrapResamples: o.bootstrapResamples,
  };
}
