-- session_growth: how fast each session's cost accumulates: the slope of log cumulative cost vs log
--                 turn index (1 = each turn costs the same; 2 = cost per turn grows linearly, i.e.
--                 context accumulating without truncation).
-- grain: one row per session_id.
-- inputs: turn_facts. parameters: $growth_min_turns, $super_linear_exponent.
-- the exponent is fitted by least squares over turns 1..n; sessions shorter than $growth_min_turns,
-- or with an unpriced turn, get a null cost exponent (the token exponent is fitted the same way).
with

turn_facts_in as (
    select session_id, session_type, user_id, session_turns, turn_index, cumulative_tokens,
        cumulative_cost_usd, sampling_weight
    from turn_facts
),

fits as (
    select
        session_id,
        any_value(session_type) as session_type,
        any_value(user_id) as user_id,
        any_value(session_turns) as turns,
        max(cumulative_cost_usd) as cost_usd,
        max(cumulative_tokens) as tokens,
        avg(sampling_weight) as sampling_weight,
        count(*) as n,
        -- every turn priced and positive, else no cost fit
        case when count(*) = count(cumulative_cost_usd) and min(cumulative_cost_usd) > 0 then
            regr_slope(ln(greatest(cumulative_cost_usd, 1e-300)), ln(turn_index)) end as cost_exponent,
        case when count(*) = count(cumulative_cost_usd) and min(cumulative_cost_usd) > 0 then
            regr_r2(ln(greatest(cumulative_cost_usd, 1e-300)), ln(turn_index)) end as cost_r2,
        regr_slope(ln(greatest(cumulative_tokens, 1)), ln(turn_index)) as token_exponent
    from turn_facts_in
    group by session_id
),

final as (
    select
        session_id,
        session_type,
        user_id,
        turns,
        n,
        cost_usd,
        tokens,
        sampling_weight,
        case when turns >= $growth_min_turns then cost_exponent end as growth_exponent,
        case when turns >= $growth_min_turns then cost_r2 end as growth_r2,
        case when turns >= $growth_min_turns then token_exponent end as token_growth_exponent,
        coalesce(turns >= $growth_min_turns and cost_exponent > $super_linear_exponent, false) as is_super_linear
    from fits
)

select * from final
