-- sessions: a conversation: its turns, totals, failures and quality, and whether the model snapshot changed.
-- grain: one row per session_id.
-- inputs: turns.
with

turns_in as (
    select * from turns
),

final as (
    select
        session_id,
        arg_min(user_id, turn_index) filter (where user_id is not null) as user_id,
        -- the session's type is its first turn's (config: session_type_keys, then the root span name)
        arg_min(turn_type, turn_index) as session_type,
        bool_or(is_degraded_session) as is_degraded_session,
        min(started_at) as started_at,
        max(ended_at) as ended_at,
        count(*) as turns,
        -- BIGINT sums (sum() gives HUGEINT, slow to store and read; see turns.sql)
        sum(input_tokens)::bigint as input_tokens,
        sum(output_tokens)::bigint as output_tokens,
        sum(cache_read_tokens)::bigint as cache_read_tokens,
        sum(cache_write_tokens)::bigint as cache_write_tokens,
        sum(reasoning_tokens)::bigint as reasoning_tokens,
        -- DECIMAL sums and means: the same turns give the same value to the last bit (see turns.sql)
        case when count(cost_usd) = count(*) then sum(cost_usd::decimal(38, 12))::double end as cost_usd,
        sum(unpriced_call_count)::bigint as unpriced_call_count,
        count(*) filter (where is_failed) as failed_turns,
        count(*) filter (where is_failed) > 0 as has_failure,
        (sum(quality::decimal(38, 18)) / count(quality))::double as mean_quality,
        count(quality) as quality_turns,
        list_sort(list_distinct(flatten(list(response_models)))) as response_models
    from turns_in
    group by session_id
),

-- a snapshot change: one requested model answered by two response models within the session (e.g.
-- gpt-4o by gpt-4o-2024-08-06, then by gpt-4o-2024-11-20); moving from one requested model to
-- another (gpt-4o, then gpt-4o-mini) is not one. Read from the turns that requested one model,
-- with the response model of their last call.
snapshot_changes as (
    select session_id, bool_or(response_model_count > 1) as has_model_change
    from (
        select session_id, request_models[1] as request_model, count(distinct last_response_model) as response_model_count
        from turns_in
        where len(request_models) = 1 and last_response_model is not null
        group by all
    )
    group by session_id
)

select f.*, coalesce(c.has_model_change, false) as has_model_change
from final as f
left join snapshot_changes as c using (session_id)
