-- model_change_impacts: before vs after each model-snapshot change (observational), per metric:
--                       values, difference (after − before), its 95% CI, p-value and Holm-adjusted
--                       p-value across the metrics of one comparison; overall, per session type,
--                       mix-adjusted, and old-vs-new on days both snapshots served (concurrent).
-- grain: one row per (change, comparison, scope, segment, metric). Written by src/metrics/change-impacts.ts.
-- inputs: model_changes (is_change), turn_facts. parameters: --impact-window-days, --bootstrap-resamples.
create or replace table model_change_impacts (
    provider          varchar not null,
    request_model     varchar not null,
    old_snapshot      varchar,
    new_snapshot      varchar not null,
    change_day        date not null,
    comparison        varchar not null,   -- before_after | concurrent
    scope             varchar not null,   -- overall | session_type | mix_adjusted
    segment           varchar not null,   -- the session type, or 'all'
    metric            varchar not null,   -- failure_rate, mean_quality, latency_p50_ms, latency_p95_ms,
                                          -- tokens_per_turn, cost_per_turn_usd, truncation_rate, tool_error_rate
    before_value      double,             -- 'before' = the old snapshot in concurrent rows
    after_value       double,
    before_n          bigint not null,
    after_n           bigint not null,
    difference        double,
    ci_low            double,             -- Newcombe (rates), Welch (means), bootstrap (latency), normal (mix-adjusted)
    ci_high           double,
    p_value           double,             -- z-test, Welch t, bootstrap, or z (mix-adjusted)
    p_holm            double,
    is_significant    boolean not null,   -- p_holm < 0.05
    is_small_sample   boolean not null,
    evidence          varchar not null    -- 'observational'
);
