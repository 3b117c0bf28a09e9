-- model_change_markers: the detected response-snapshot changes, drawn as markers on the share chart.
-- grain: one row per change (provider, request model, new snapshot, change day).
-- inputs: model_changes. parameters: $since, $until.
select
    provider,
    request_model,
    coalesce(previous_snapshot, '(none)') || ' → ' || response_model as change,
    strftime(change_day, '%Y-%m-%d') as change_day,
    calls
from model_changes
where is_change and change_day >= cast($since as date) and change_day < cast($until as date)
order by change_day, provider, request_model
