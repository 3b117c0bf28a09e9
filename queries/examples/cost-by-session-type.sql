-- Which session types cost the most, per session and in total? (unpriced sessions counted apart)
select
    session_type,
    count(*) as sessions,
    round(sum(cost_usd), 4) as cost_usd,
    round(avg(cost_usd), 6) as mean_cost_per_session_usd,
    count(*) filter (where cost_usd is null) as sessions_with_unpriced_calls
from sessions
group by session_type
order by cost_usd desc nulls last
