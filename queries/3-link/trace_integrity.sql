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

-- distinct counts without count(distinct) on every trace: a trace whose min and max agree holds
-- one value (none if both are null); only traces with mixed values are counted exactly below
per_trace as (
    select
        trace_id,
        count(*) as span_count,
        count(*) filter (where parent_span_id is null) as root_count,
        min(file_id) as min_file_id,
        max(file_id) as max_file_id,
        min(session_id) as min_session_id,
        max(session_id) as max_session_id,
        min(user_id) as min_user_id,
        max(user_id) as max_user_id
    from spans
    group by trace_id
),

mixed_traces as (
    select trace_id
    from per_trace
    where min_file_id <> max_file_id or min_session_id <> max_session_id or min_user_id <> max_user_id
),

mixed_counts as (
    select
        s.trace_id,
        count(distinct s.file_id) as file_count,
        count(distinct s.session_id) as session_key_count,
        count(distinct s.user_id) as user_key_count
    from spans as s
    semi join mixed_traces as m using (trace_id)
    group by s.trace_id
),

key_counts as (
    select
        t.trace_id,
        t.span_count,
        t.root_count,
        case when t.min_file_id = t.max_file_id then 1 else m.file_count end as file_count,
        case
            when t.min_session_id is null then 0
            when t.min_session_id = t.max_session_id then 1
            else m.session_key_count
        end as session_key_count,
        case
            when t.min_user_id is null then 0
            when t.min_user_id = t.max_user_id then 1
            else m.user_key_count
        end as user_key_count
    from per_trace as t
    left join mixed_counts as m using (trace_id)
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
    from key_counts as t
    left join orphans as o using (trace_id)
)

select * from final
