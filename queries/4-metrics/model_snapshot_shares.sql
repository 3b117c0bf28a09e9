-- model_snapshot_shares: which dated snapshot answered each (provider, request_model), day by day.
-- grain: one row per (provider, request_model, response_model, day) with at least one answered call.
-- inputs: spans, turn_facts (sampling weights). parameters: $min_sample_size.
-- share: the weighted share of that day's answered calls for the (provider, request_model), with a
--        Wilson interval on the effective sample size (Kish); n = the day's answered calls.
with

-- only the sampled turns' weights are joined (every other call weighs 1): without sampling the join
-- has nothing to build, which on 10M spans took this table from 2.1-5.1 s to 0.8-1.1 s
weighted_turns as (
    select trace_id, sampling_weight
    from turn_facts
    where sampling_weight is distinct from 1.0
),

calls as (
    select
        coalesce(s.provider, '') as provider,
        s.request_model,
        s.response_model,
        cast(s.started_at as date) as day,
        coalesce(t.sampling_weight, 1.0) as w
    from spans as s
    left join weighted_turns as t using (trace_id)
    where s.is_model_call and s.request_model is not null and s.response_model is not null
),

by_snapshot as (
    select provider, request_model, response_model, day, count(*) as calls, sum(w) as weighted_calls
    from calls
    group by all
),

by_day as (
    select
        provider, request_model, day,
        count(*) as n,
        sum(w) as weighted_n,
        pow(sum(w), 2) / sum(w * w) as n_eff
    from calls
    group by all
),

shares as (
    select
        s.*,
        d.n,
        d.weighted_n,
        d.n_eff,
        s.weighted_calls / d.weighted_n as share
    from by_snapshot as s
    join by_day as d using (provider, request_model, day)
),

final as (
    select
        provider,
        request_model,
        response_model,
        day,
        calls,
        weighted_calls,
        share,
        n,
        weighted_n,
        -- Wilson score interval, z = 1.959964
        greatest(0, ((share + 3.841459 / (2 * n_eff))
            - 1.959964 * sqrt(share * (1 - share) / n_eff + 3.841459 / (4 * n_eff * n_eff)))
            / (1 + 3.841459 / n_eff)) as ci_low,
        least(1, ((share + 3.841459 / (2 * n_eff))
            + 1.959964 * sqrt(share * (1 - share) / n_eff + 3.841459 / (4 * n_eff * n_eff)))
            / (1 + 3.841459 / n_eff)) as ci_high,
        n < $min_sample_size as is_small_sample,
        share > 0.5 as is_dominant
    from shares
)

select * from final
