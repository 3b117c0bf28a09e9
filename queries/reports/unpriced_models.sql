-- unpriced_models: models whose calls have no price (neither recorded by the instrumentation nor in the
--                  price table), so their cost is missing from every total.
-- grain: one row per (provider, model).
-- inputs: model_call_costs. parameters: $since, $until.
select
    coalesce(provider, '(unknown)') as provider,
    coalesce(model, '(none recorded)') as model,
    count(*) as calls,
    sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)) as tokens,
    strftime(max(day), '%Y-%m-%d') as last_day
from model_call_costs
where not is_priced and day >= cast($since as date) and day < cast($until as date)
group by all
order by calls desc, provider, model
