-- turn_quality: failure rate, mean explicit quality and repetition rate by turn, overall and per
--               session-length cohort. Long format: x = turn_bucket, series = session_cohort × metric.
-- grain: one row per (session_cohort, turn_bucket, metric); written by src/metrics/turn-quality.ts.
-- inputs: turn_facts. parameters: --turn-index-cap, --min-sample-size (build options).
create or replace table turn_quality (
    session_cohort     varchar not null,  -- 'all', '1-3', '4-7' or '8+' (turns in the session)
    turn_bucket        integer not null,  -- turn index, capped at the turn-index cap
    turn_bucket_label  varchar not null,  -- e.g. '3', or '10+' for the capped bucket
    metric             varchar not null,  -- failure_rate | mean_quality | repetition_rate
    value              double,            -- weighted by the sampling weight
    n                  bigint not null,   -- turns measured (unweighted)
    weighted_n         double not null,   -- Σ sampling weight
    ci_low             double,            -- 95%: Wilson (rates), t (mean), on the effective n
    ci_high            double,
    is_small_sample    boolean not null
);
