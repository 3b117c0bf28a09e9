-- detected_changes: the model-snapshot changes `spanlens changes` lists and `compare --change` uses.
-- grain: one row per detected change (provider, request_model, new snapshot, change day; a rollback is a change too).
-- inputs: model_changes. Order: change day, provider, request model, new snapshot (the listed order).
with

changes as (
    select * from model_changes where is_change
),

final as (
    select
        provider,
        request_model,
        previous_snapshot,
        response_model as new_snapshot,
        strftime(change_day, '%Y-%m-%d') as change_day,
        strftime(first_seen_day, '%Y-%m-%d') as first_seen_day,
        strftime(dominant_from_day, '%Y-%m-%d') as dominant_from_day,
        strftime(last_seen_day, '%Y-%m-%d') as last_seen_day,
        cast(calls as bigint) as calls,
        cast(weighted_calls as double) as weighted_calls
    from changes
)

select * from final
order by change_day, provider, request_model, new_snapshot
