-- data_quality: the health of the span data behind every other number — broken traces, orphan
--               spans, traces without a session key, degraded sessions, unpriced calls, files,
--               evaluation scores on a scale nobody declared —
--               each as a count out of its base with the rate's 95% Wilson interval.
-- grain: one row per check.
-- inputs: trace_integrity, turns, sessions, model_call_costs, ingested_files. parameters: $since, $until.
with

window_turns as (
    select trace_id, session_id, quality_signal_count, unscaled_score_count
    from turns
    where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
),

traces as (
    select i.*
    from trace_integrity as i
    semi join window_turns as w on w.trace_id = i.trace_id
),

window_sessions as (
    select is_degraded_session
    from sessions
    where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
),

window_calls as (
    select is_priced
    from model_call_costs
    where day >= cast($since as date) and day < cast($until as date)
),

counts as (
    select 1 as ord, 'traces with a broken span tree (no root, several roots or orphans)' as check_name, 'traces' as unit,
        (select count(*) filter (where is_broken_tree) from traces) as k, (select count(*) from traces) as n
    union all
    select 2, 'orphan spans (parent id not found in the trace)', 'spans',
        (select coalesce(sum(orphan_count), 0) from traces), (select coalesce(sum(span_count), 0) from traces)
    union all
    select 3, 'traces without any session key', 'traces',
        (select count(*) filter (where is_missing_session_key) from traces), (select count(*) from traces)
    union all
    select 4, 'traces split across several files', 'traces',
        (select count(*) filter (where is_split_across_files) from traces), (select count(*) from traces)
    union all
    select 5, 'degraded sessions (one trace each, no session key)', 'sessions',
        (select count(*) filter (where is_degraded_session) from window_sessions), (select count(*) from window_sessions)
    union all
    select 6, 'model calls without a price (cost unknown)', 'calls',
        (select count(*) filter (where not is_priced) from window_calls), (select count(*) from window_calls)
    union all
    select 7, 'export files rejected or partly rejected', 'files',
        (select count(*) filter (where status <> 'ingested' or error_count > 0) from ingested_files),
        (select count(*) from ingested_files)
    union all
    select 8, 'evaluation scores on a scale other than 0..1 not declared (left out of quality; build --quality-scales)', 'scores',
        (select coalesce(sum(unscaled_score_count), 0) from window_turns), (select coalesce(sum(quality_signal_count), 0) from window_turns)
),

-- Wilson score interval, z = 1.96
final as (
    select
        ord, check_name, unit, cast(k as bigint) as count, cast(n as bigint) as n,
        case when n > 0 then k / n end as rate,
        case when n > 0 then
            (k / n + 1.9208 / n - 1.96 * sqrt(k / n * (1 - k / n) / n + 0.9604 / (n * n))) / (1 + 3.8416 / n) end as ci_low,
        case when n > 0 then
            (k / n + 1.9208 / n + 1.96 * sqrt(k / n * (1 - k / n) / n + 0.9604 / (n * n))) / (1 + 3.8416 / n) end as ci_high
    from counts
)

select * exclude (ord) from final order by ord
