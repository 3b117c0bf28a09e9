-- failure_kinds_by_type: how often each failure kind is a turn's first failure, per session type,
--                        with its share of the type's failures and lift vs all types.
-- grain: one row per (session_type, failure_kind seen anywhere). Written by src/metrics/failure-prone.ts.
-- inputs: turn_facts.
create or replace table failure_kinds_by_type (
    session_type        varchar not null,
    failure_kind        varchar not null,
    n                   bigint not null,    -- turns of the type
    weighted_n          double not null,
    failed_turns        bigint not null,    -- turns of the type whose first failure is this kind
    rate                double,             -- weighted share of the type's turns
    ci_low              double,             -- Wilson
    ci_high             double,
    share_of_failures   double,
    lift                double,             -- rate / the kind's rate over all types
    is_small_sample     boolean not null
);
