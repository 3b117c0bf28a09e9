-- volume_by_day: turns, sessions and users active per UTC day, long form for one line per measure.
-- grain: one row per (day, measure).
-- inputs: turns. parameters: $since, $until (YYYY-MM-DD; until exclusive).
with

daily as (
    select
        cast(started_at as date) as day,
        count(*) as turns,
        count(distinct session_id) as sessions,
        count(distinct user_id) as users
    from turns
    where cast(started_at as date) >= cast($since as date) and cast(started_at as date) < cast($until as date)
    group by all
),

final as (
    unpivot daily on turns, sessions, users into name measure value count
)

select strftime(day, '%Y-%m-%d') as day, measure, count from final order by day, measure
