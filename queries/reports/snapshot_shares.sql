-- snapshot_shares: each response snapshot's daily share of its request model's calls, with the
--                  share's Wilson interval (from model_snapshot_shares).
-- grain: one row per (provider, request model, response snapshot, day).
-- inputs: model_snapshot_shares. parameters: $since, $until.
select
    provider || ' · ' || request_model as request_model,
    response_model,
    strftime(day, '%Y-%m-%d') as day,
    calls, share, n, ci_low, ci_high, is_small_sample
from model_snapshot_shares
where day >= cast($since as date) and day < cast($until as date)
order by request_model, response_model, day
