-- model_changes: each dated snapshot behind a (provider, request_model), when it appeared and took
--                over, and each time it took over again after another had held the lead (a rollback).
--                A change is a snapshot first seen after the request model's first day, or becoming
--                dominant (> 50% of a day's calls) after another one was, or returning to the lead.
-- grain: one row per (provider, request_model, response_model, change_day): each snapshot's first
--        row (is_return false), plus one row per return (is_return true).
-- inputs: model_snapshot_shares.
-- change_day: the dominant-from day, else the first-seen day (a return: the first day of the
--             returning lead); previous_snapshot: the snapshot dominant on the latest earlier day
--             that had a dominant one (a return: the snapshot whose lead it ended).
-- a return needs a held lead on both sides: the dominant snapshot of consecutive days with a dominant
--   snapshot, on at least 2 of them (a one-day blip is noise, e.g. a rollout's days near 50%), and the
--   returning snapshot must have led before (a held lead, or the lead on the first day): a new
--   snapshot's blip, then the old one's lead, then the new one's is one change, dated by the blip.
-- first_seen_day, last_seen_day, dominant_days, calls, weighted_calls and share_by_day describe the
--   snapshot as a whole, the same in each of its rows.
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

-- the lead day by day: runs of consecutive days (with a dominant snapshot) led by the same snapshot
dominant_days as (
    select
        provider, request_model, day, response_model,
        lag(response_model) over (partition by provider, request_model order by day) as previous_leader
    from shares
    where is_dominant
),

lead_runs as (
    select
        provider, request_model, response_model, run_no,
        min(day) as from_day,
        count(*) as days
    from (
        select
            *,
            sum(case when previous_leader is distinct from response_model then 1 else 0 end)
                over (partition by provider, request_model order by day) as run_no
        from dominant_days
    )
    group by all
),

-- held leads (≥ 2 days); two held leads of one snapshot around a blip are one lead
held_leads as (
    select
        *,
        lag(response_model) over (partition by provider, request_model order by from_day) as previous_holder
    from lead_runs
    where days >= 2
),

returns as (
    select
        h.provider,
        h.request_model,
        h.response_model,
        h.from_day as change_day,
        h.previous_holder as previous_snapshot
    from held_leads as h
    join snapshots as s using (provider, request_model, response_model)
    join request_models as r using (provider, request_model)
    where h.previous_holder is not null
        and h.previous_holder <> h.response_model
        and h.from_day > coalesce(s.dominant_from_day, s.first_seen_day)
        -- it led before: a held lead of its own earlier, or the lead on the request model's first
        -- day (data that starts the day before a change). A new snapshot whose first dominant day
        -- was a blip has done neither: its first held lead is its first row's change, not a return.
        and (
            s.dominant_from_day = r.first_day
            or exists (
                select 1 from held_leads as e
                where e.provider = h.provider and e.request_model = h.request_model
                    and e.response_model = h.response_model and e.from_day < h.from_day
            )
        )
),

first_rows as (
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
        f.share_by_day,
        false as is_return
    from flagged as f
),

return_rows as (
    select
        s.provider,
        s.request_model,
        s.response_model,
        true as is_change,
        r.change_day,
        s.first_seen_day,
        r.change_day as dominant_from_day,
        s.last_seen_day,
        s.dominant_days,
        s.calls,
        s.weighted_calls,
        r.previous_snapshot,
        s.share_by_day,
        true as is_return
    from returns as r
    join snapshots as s using (provider, request_model, response_model)
),

final as (
    select * from first_rows
    union all
    select * from return_rows
)

select * from final
