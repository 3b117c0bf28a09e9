-- failure_prone_session_types: session types ranked by the 95% lower bound of their session
--                              failure rate (any failed turn), with turn failure rate and lift.
-- grain: one row per session_type. Written by src/metrics/failure-prone.ts.
-- inputs: turn_facts. parameters: --min-support-sessions (types with fewer sessions get rank null).
create or replace table failure_prone_session_types (
    session_type          varchar not null,
    rank                  integer,            -- 1 = most failure-prone; null below minimum support
    n                     bigint not null,    -- sessions
    weighted_n            double not null,
    turns                 bigint not null,
    session_failure_rate  double,
    ci_low                double,             -- Wilson, of session_failure_rate
    ci_high               double,
    turn_failure_rate     double,
    turn_ci_low           double,
    turn_ci_high          double,
    lift                  double,             -- session failure rate / overall
    top_failure_kinds     varchar not null,   -- e.g. 'tool_error:12, truncated:3' (weighted counts)
    is_small_sample       boolean not null,
    is_ranked             boolean not null
);
