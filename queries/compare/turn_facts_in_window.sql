-- turn_facts_in_window: the turn facts `spanlens compare` reads for one side of a comparison.
-- grain: one row per trace_id (= per turn) whose turn started in [$from_ms, $to_ms) (epoch ms, UTC).
-- inputs: turn_facts. parameters (all bound, never spliced): $from_ms, $to_ms (bigint);
--         $provider, $request_model, $session_type, $response_model (varchar, null = any).
-- Not part of the build plan: run by src/compare/read-compare-turns.ts with bound parameters.
with

facts as (
    select * from turn_facts
),

final as (
    select
        trace_id,
        session_id,
        user_id,
        coalesce(session_type, '') as session_type,
        cast(turn_index as integer) as turn_index,
        cast(session_turns as integer) as session_turns,
        session_cohort,
        cast(turn_bucket as integer) as turn_bucket,
        strftime(day, '%Y-%m-%d') as day,
        epoch_ms(started_at) as started_at_ms,
        provider,
        request_model,
        response_model,
        sampling_weight,
        weight_source,
        is_failed,
        failure_kind,
        is_truncated,
        has_tool_error,
        quality,
        cast(duration_ms as double) as duration_ms,
        cast(total_tokens as double) as total_tokens,
        cost_usd,
        cast(cumulative_tokens as double) as cumulative_tokens,
        cumulative_cost_usd,
        cast(marginal_input_tokens as double) as marginal_input_tokens,
        is_repetition
    from facts
    where started_at >= epoch_ms(cast($from_ms as bigint))
        and started_at < epoch_ms(cast($to_ms as bigint))
        and ($provider is null or provider = $provider)
        and ($request_model is null or request_model = $request_model)
        and ($session_type is null or coalesce(session_type, '') = $session_type)
        and ($response_model is null or response_model = $response_model)
)

select * from final
order by session_id, turn_index
