-- overall_rates: the headline rates and totals over all turns (sessions for session_failure_rate),
--                each weighted by the sampling weight and unweighted, to show what reweighting changed.
-- grain: one row per (metric, is_weighted) with at least one row measured. Written by src/metrics/overall-rates.ts.
-- inputs: turn_facts.
create or replace table overall_rates (
    metric            varchar not null,   -- turn_failure_rate, session_failure_rate, truncation_rate,
                                          -- tool_error_rate, repetition_rate, mean_quality; totals:
                                          -- total_turns, total_tokens, total_cost_usd (Σ w·x)
    is_weighted       boolean not null,   -- false: every kept row counts 1
    value             double,
    n                 bigint not null,    -- rows measured (turns, sessions, or rated turns)
    weighted_n        double not null,    -- Σ weight (= n when unweighted)
    ci_low            double,             -- 95%: Wilson (rates) or t (mean), on the effective n;
                                          -- totals: normal, Poisson-sampling variance Σ (w² − w)·x²
    ci_high           double,
    is_small_sample   boolean not null
);
