-- cost_by_session_type: total cost and the per-session costs behind the mean cost per session (the
--                       report computes the mean's t interval from `values`).
-- grain: one row per session type.
-- inputs: sessions. parameters: $since, $until (on the session's start day).
select
    coalesce(session_type, '(none)') as session_type,
    count(*) as sessions,
    sum(turns) as turns,
    coalesce(sum(cost_usd), 0) as total_cost_usd,
    list(cost_usd) filter (where cost_usd is not null) as "values"
from sessions
where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
group by all
order by total_cost_usd desc, session_type
