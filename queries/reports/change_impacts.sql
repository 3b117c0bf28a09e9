-- change_impacts: before/after (and concurrent) comparisons of every detected snapshot change in
--                 the window, as model_change_impacts holds them.
-- grain: one row per (change, comparison, scope, segment, metric).
-- inputs: model_change_impacts. parameters: $since, $until.
select
    provider || ' · ' || request_model as request_model,
    coalesce(old_snapshot, '(none)') || ' → ' || new_snapshot as change,
    strftime(change_day, '%Y-%m-%d') as change_day,
    comparison, scope, segment, metric,
    before_value, after_value, before_n, after_n, difference, ci_low, ci_high, p_holm,
    is_significant, is_small_sample
from model_change_impacts
where change_day >= cast($since as date) and change_day < cast($until as date)
order by change_day, request_model, comparison, scope, segment, metric
