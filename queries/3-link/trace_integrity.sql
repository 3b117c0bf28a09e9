-- trace_integrity: how well each trace's span tree holds together (broken context propagation shows here).
-- grain: one row per trace_id.
-- inputs: spans.
with

spans_in as (
    select trace_id, span_id, parent_span_id, file_id, session_id, user_id
    from spans
),

with_parent as (
    select
        s.*,
        p.span_id is not null as has_parent_span
    from spans_in as s
    left join spans_in as p
        on p.trace_id = s.trace_id and p.span_id = s.parent_span_id
),

final as (
    select
        trace_id,
        count(*) as span_count,
        count(*) filter (where parent_span_id is null) as root_count,
        count(*) filter (where parent_span_id is not null and not has_parent_span) as orphan_count,
        count(distinct file_id) as file_count,
        count(distinct file_id) > 1 as is_split_across_files,
        count(distinct session_id) as session_key_count,
        count(distinct user_id) as user_key_count,
        count(distinct session_id) = 0 as is_missing_session_key,
        count(*) filter (where parent_span_id is null) <> 1
            or count(*) filter (where parent_span_id is not null and not has_parent_span) > 0 as is_broken_tree
    from with_parent
    group by trace_id
)

select * from final
