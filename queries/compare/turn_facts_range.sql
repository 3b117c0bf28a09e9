-- turn_facts_range: when the turns in the database start and end, for "no data in this window" messages.
-- grain: one row.
-- inputs: turn_facts.
with

final as (
    select
        count(*) as turns,
        strftime(min(started_at), '%Y-%m-%dT%H:%M:%SZ') as first_started_at,
        strftime(max(started_at), '%Y-%m-%dT%H:%M:%SZ') as last_started_at
    from turn_facts
)

select * from final
