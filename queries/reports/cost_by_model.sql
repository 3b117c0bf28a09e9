-- cost_by_model: cost of model calls per model in the window; unpriced calls are counted, not costed.
-- grain: one row per (provider, model).
-- inputs: model_call_costs. parameters: $since, $until.
select
    coalesce(provider, '(unknown)') || ' · ' || coalesce(model, '(none recorded)') as model,
    count(*) as calls,
    coalesce(sum(cost_usd), 0) as cost_usd,
    count(*) filter (where not is_priced) as unpriced_calls
from model_call_costs
where day >= cast($since as date) and day < cast($until as date)
group by all
order by cost_usd desc, model
