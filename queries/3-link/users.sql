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
        -- BIGINT sums (sum() gives HUGEINT, slow to store and read; see turns.sql)
        sum(turns)::bigint as turns,
        sum(input_tokens)::bigint as input_tokens,
        sum(output_tokens)::bigint as output_tokens,
        sum(cache_read_tokens)::bigint as cache_read_tokens,
        sum(cache_write_tokens)::bigint as cache_write_tokens,
        sum(reasoning_tokens)::bigint as reasoning_tokens,
        -- a DECIMAL sum: the same sessions give the same value to the last bit (see turns.sql)
        case when count(cost_usd) = count(*) then sum(cost_usd::decimal(38, 12))::double end as cost_usd,
        sum(unpriced_call_count)::bigint as unpriced_call_count,
        sum(failed_turns)::bigint as failed_turns,
        min(started_at) as first_seen_at,
        max(ended_at) as last_seen_at
    from sessions_in
    group by user_id
)

select * from final
