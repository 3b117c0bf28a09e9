-- models_in_use: each model that answered calls in the window, with volume, first and last day and price status.
-- grain: one row per (provider, model).
-- inputs: model_call_costs. parameters: $since, $until.
select
    coalesce(provider, '(unknown)') as provider,
    coalesce(model, '(none recorded)') as model,
    count(*) as calls,
    strftime(min(day), '%Y-%m-%d') as first_day,
    strftime(max(day), '%Y-%m-%d') as last_day,
    sum(cost_usd) as cost_usd,
    count(*) filter (where not is_priced) as unpriced_calls,
    bool_and(is_priced) as is_priced
from model_call_costs
where day >= cast($since as date) and day < cast($until as date)
group by all
order by calls desc, provider, model
