-- worst_sessions: the sessions a reader should open first: the $top_k with the most failed turns and
--                 the $top_k with the highest cost (a session may be in both lists).
-- grain: one row per (list, session).
-- inputs: sessions. parameters: $since, $until, $top_k.
with

window_sessions as (
    select
        session_id, user_id, session_type, started_at, turns, failed_turns, cost_usd, mean_quality,
        quality_turns, has_model_change
    from sessions
    where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
),

most_failures as (
    select 'most failures' as list, row_number() over (order by failed_turns desc, turns desc, session_id) as rank, *
    from window_sessions
    where failed_turns > 0
    order by failed_turns desc, turns desc, session_id
    limit $top_k
),

highest_cost as (
    select 'highest cost' as list, row_number() over (order by cost_usd desc, session_id) as rank, *
    from window_sessions
    where cost_usd is not null
    order by cost_usd desc, session_id
    limit $top_k
)

select
    list, rank, session_id, user_id, coalesce(session_type, '(none)') as session_type,
    strftime(started_at, '%Y-%m-%d %H:%M') as started_at, turns, failed_turns, cost_usd, mean_quality,
    quality_turns, has_model_change
from (select * from most_failures union all select * from highest_cost)
order by list desc, rank
