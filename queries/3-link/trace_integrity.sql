-- trace_integrity: how well each trace's span tree holds together (broken context propagation shows here).
-- grain: one row per trace_id.
-- inputs: spans.
with

-- spans whose parent is not in the trace (an anti join: only the orphans come out, not every span)
orphans as (
    select s.trace_id, count(*) as orphan_count
    from spans as s
    anti join spans as p on p.trace_id = s.trace_id and p.span_id = s.parent_span_id
    where s.parent_span_id is not null
    group by s.trace_id
),

per_trace as (
    select
        trace_id,
        count(*) as span_count,
        count(*) filter (where parent_span_id is null) as root_count,
        count(distinct file_id) as file_count,
        count(distinct session_id) as session_key_count,
        count(distinct user_id) as user_key_count
    from spans
    group by trace_id
),

final as (
    select
        t.trace_id,
        t.span_count,
        t.root_count,
        coalesce(o.orphan_count, 0) as orphan_count,
        t.file_count,
        t.file_count > 1 as is_split_across_files,
        t.session_key_count,
        t.user_key_count,
        t.session_key_count = 0 as is_missing_session_key,
        t.root_count <> 1 or coalesce(o.orphan_count, 0) > 0 as is_broken_tree
    from per_trace as t
    left join orphans as o using (trace_id)
)

select * from final
