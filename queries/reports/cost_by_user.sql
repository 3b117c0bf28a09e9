-- cost_by_user: the users with the highest total cost in the window (top 20), with the per-session
--               costs behind their mean cost per session.
-- grain: one row per user.
-- inputs: sessions. parameters: $since, $until (on the session's start day).
select
    coalesce(user_id, '(no user id)') as user_id,
    count(*) as sessions,
    sum(turns) as turns,
    coalesce(sum(cost_usd), 0) as total_cost_usd,
    list(cost_usd) filter (where cost_usd is not null) as "values"
from sessions
where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
group by all
order by total_cost_usd desc, user_id
limit 20
