-- growth_by_session_type: per session type, the mean cost-growth exponent and the share of
--                         super-linear sessions (session_growth summarized for a chart).
-- grain: one row per (session_type, metric); metric = mean_growth_exponent | super_linear_rate.
-- inputs: session_growth. Written by src/metrics/compute-metric-tables.ts.
create or replace table growth_by_session_type (
    session_type      varchar not null,
    metric            varchar not null,
    value             double,
    median            double,             -- median exponent (mean_growth_exponent rows only)
    n                 bigint not null,    -- sessions with a fitted exponent
    ci_low            double,             -- 95%: t (mean), Wilson (rate)
    ci_high           double,
    is_small_sample   boolean not null
);
