-- cost_by_turn: per session type, at turn k, the median/p90 cumulative cost and tokens of the
--               sessions that reached turn k, and the mean marginal input tokens at turn k.
-- grain: one row per (session_type, turn_index); session_type 'all' pools every type.
-- inputs: turn_facts. Written by src/metrics/cost-by-turn.ts.
create or replace table cost_by_turn (
    session_type                 varchar not null,
    turn_index                   integer not null,
    n                            bigint not null,   -- sessions that reached turn k
    weighted_n                   double not null,
    median_cumulative_cost_usd   double,            -- weighted quantiles; priced sessions only
    p90_cumulative_cost_usd      double,
    median_cumulative_tokens     double,
    p90_cumulative_tokens        double,
    mean_marginal_input_tokens   double,            -- input tokens minus the previous turn's
    ci_low                       double,            -- 95% t interval of mean_marginal_input_tokens
    ci_high                      double,
    is_small_sample              boolean not null
);
