-- model_changes: each dated snapshot behind a (provider, request_model), and when it appeared and
--                took over. A change is a snapshot first seen after the request model's first day,
--                or becoming dominant (> 50% of a day's calls) after another one was.
-- grain: one row per (provider, request_model, response_model).
-- inputs: model_snapshot_shares.
-- change_day: the dominant-from day, else the first-seen day; previous_snapshot: the snapshot
--             dominant on the latest earlier day that had a dominant one.
with

shares as (
    select * from model_snapshot_shares
),

request_models as (
    select provider, request_model, min(day) as first_day from shares group by all
),

snapshots as (
    select
        provider,
        request_model,
        response_model,
        min(day) as first_seen_day,
        max(day) as last_seen_day,
        sum(calls)::bigint as calls,
        sum(weighted_calls) as weighted_calls,
        min(day) filter (where is_dominant) as dominant_from_day,
        count(*) filter (where is_dominant) as dominant_days,
        -- share over time, oldest first: a compact series for tables; charts read model_snapshot_shares
        list(struct_pack(day := day, share := share) order by day) as share_by_day
    from shares
    group by all
),

flagged as (
    select
        s.*,
        coalesce(s.dominant_from_day, s.first_seen_day) as change_day,
        s.first_seen_day > r.first_day
            or coalesce(s.dominant_from_day > r.first_day and exists (
                select 1 from shares as d
                where d.provider = s.provider and d.request_model = s.request_model
                    and d.response_model <> s.response_model and d.is_dominant and d.day < s.dominant_from_day
            ), false) as is_change
    from snapshots as s
    join request_models as r using (provider, request_model)
),

final as (
    select
        f.provider,
        f.request_model,
        f.response_model,
        f.is_change,
        f.change_day,
        f.first_seen_day,
        f.dominant_from_day,
        f.last_seen_day,
        f.dominant_days,
        f.calls,
        f.weighted_calls,
        (
            select arg_max(d.response_model, d.day)
            from shares as d
            where d.provider = f.provider and d.request_model = f.request_model
                and d.response_model <> f.response_model and d.is_dominant and d.day < f.change_day
        ) as previous_snapshot,
        f.share_by_day
    from flagged as f
)

select * from final
