-- session_cost_curves: each session's running token and cost totals, turn by turn (one line per
--                      session on a chart; cost_by_turn holds the median/p90 bands per session type).
-- grain: one row per (session_id, turn_index).
-- inputs: turn_facts. A view: its rows are turn_facts' rows, so storing them again cost the build
--         ~0.3 s and the database a second copy.
with

turn_facts_in as (
    select * from turn_facts
),

final as (
    select
        session_id,
        session_type,
        turn_index,
        session_turns,
        total_tokens,
        cost_usd,
        cumulative_tokens,
        cumulative_cost_usd,      -- null from the first unpriced turn on
        marginal_input_tokens,    -- input tokens minus the previous turn's; null on turn 1
        sampling_weight
    from turn_facts_in
)

select * from final
