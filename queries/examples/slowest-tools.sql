-- Which tools are slow or fail, and how often?
select
    tool_name,
    count(*) as calls,
    count(*) filter (where status_code = 'ERROR') as errors,
    round(quantile_cont(duration_ms, 0.5), 1) as p50_ms,
    round(quantile_cont(duration_ms, 0.95), 1) as p95_ms
from tool_calls
group by tool_name
order by calls desc
