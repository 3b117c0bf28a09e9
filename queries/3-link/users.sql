-- users: everyone who had a session, with totals. Sessions without a user id are grouped under null.
-- grain: one row per user_id (one row with user_id null for anonymous sessions).
-- inputs: sessions.
with

sessions_in as (
    select * from sessions
),

final as (
    select
        user_id,
        count(*) as sessions,
        sum(turns) as turns,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(cache_read_tokens) as cache_read_tokens,
        sum(cache_write_tokens) as cache_write_tokens,
        sum(reasoning_tokens) as reasoning_tokens,
        case when sum(unpriced_call_count) = 0 then sum(cost_usd) end as cost_usd,
        sum(unpriced_call_count) as unpriced_call_count,
        sum(failed_turns) as failed_turns,
        min(started_at) as first_seen_at,
        max(ended_at) as last_seen_at
    from sessions_in
    group by user_id
)

select * from final
