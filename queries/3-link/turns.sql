-- turns: one request of a conversation = one trace, with its keys, tokens, cost, failure and quality.
-- grain: one row per trace_id.
-- inputs: spans, model_call_costs, span_failures. parameters: $session_type_keys (varchar[]),
--         $session_type_keys_are_default (boolean), $quality_scales (JSON text: [{name, low, high}]).
-- keys: a trace takes the session/user id of its root span, else of its earliest span carrying one
--       (each span's id already follows the precedence in src/normalize); a trace with none becomes
--       its own session "trace:<trace_id>", flagged is_degraded_session.
with

-- only narrow columns: DuckDB materializes a CTE used more than once, and the JSON columns are wide
spans_in as (
    select
        trace_id, span_id, name, service_name, started_at, ended_at, session_id, user_id, is_model_call, operation,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, request_model, response_model,
        -- the session type is declared on the root span (or its resource); other spans are not searched.
        -- ingest stored the default keys' value; other keys ($session_type_keys) are read from the JSON.
        case
            when parent_span_id is not null then null
            when $session_type_keys_are_default then declared_session_type
            else list_filter(
                list_transform(
                    $session_type_keys,
                    k -> coalesce(
                        json_extract_string(attributes, '$."' || k || '"'),
                        json_extract_string(resource_attributes, '$."' || k || '"')
                    )
                ),
                v -> v is not null
            )[1]
        end as declared_type,
        -- tree order (arg_min over it picks "the root, else the earliest"), as one 128-bit number,
        -- which compares far faster than a struct: roots first (bit 126), then start time (clamped to
        -- ±2^62 ns, years 1824–2116, so the sum cannot overflow), then a hash of the span id, which
        -- breaks ties between spans starting in the same nanosecond the same way on every run
        (case when parent_span_id is null then 0 else 1 end)::hugeint * 85070591730234615865843651857942052864
            + least(greatest(start_time_unix_nano, -4611686018427387904), 4611686018427387903)::hugeint * 18446744073709551616
            + hash(span_id) as tree_order
    from spans
),

trace_keys as (
    select
        trace_id,
        arg_min(session_id, tree_order) filter (where session_id is not null) as session_key,
        arg_min(user_id, tree_order) filter (where user_id is not null) as user_key,
        arg_min(declared_type, tree_order) filter (where declared_type is not null) as declared_type,
        arg_min(span_id, tree_order) as root_span_id,
        arg_min(name, tree_order) as root_span_name,
        arg_min(service_name, tree_order) as service_name,
        min(started_at) as started_at,
        max(coalesce(ended_at, started_at)) as ended_at,
        count(*) filter (where is_model_call) as model_call_count,
        count(*) filter (where operation = 'execute_tool') as tool_call_count,
        count(*) filter (where operation = 'retrieval') as retrieval_count,
        -- usage and models of the model calls only (each counted once: spans.is_model_call)
        sum(input_tokens) filter (where is_model_call) as input_tokens,
        sum(output_tokens) filter (where is_model_call) as output_tokens,
        sum(cache_read_tokens) filter (where is_model_call) as cache_read_tokens,
        sum(cache_write_tokens) filter (where is_model_call) as cache_write_tokens,
        sum(reasoning_tokens) filter (where is_model_call) as reasoning_tokens,
        list_sort(list_distinct(list(request_model) filter (where is_model_call and request_model is not null))) as request_models,
        list_sort(list_distinct(list(response_model) filter (where is_model_call and response_model is not null))) as response_models,
        arg_max(response_model, started_at) filter (where is_model_call and response_model is not null) as last_response_model
    from spans_in
    group by trace_id
),

costs as (
    select
        trace_id,
        -- money is summed as DECIMAL (to 1e-12 USD): exact, so a rebuild gives the same value to the
        -- last bit whatever order DuckDB's threads add the calls in (a DOUBLE sum does not)
        sum(cost_usd::decimal(38, 12))::double as priced_cost_usd,
        count(*) filter (where not is_priced) as unpriced_call_count,
        count(*) filter (where cost_usd is null) as uncosted_call_count,
        sum(recorded_cost_usd::decimal(38, 12))::double as recorded_cost_usd
    from model_call_costs
    group by trace_id
),

first_failure as (
    select
        trace_id,
        arg_min(failure_kind, failed_at) as failure_kind,
        arg_min(span_id, failed_at) as failing_span_id,
        count(*) as failure_signal_count
    from span_failures
    group by trace_id
),

evaluations as (
    select
        trace_id,
        unnest(from_json(evaluations, '[{"name":"VARCHAR","score":"DOUBLE","label":"VARCHAR"}]')) as e
    from spans
    where evaluations is not null
),

-- evaluation scales the user declared (--quality-scales name=low:high), e.g. a 1–5 rating
declared_scales as (
    select s.name, s.low, s.high
    from (select unnest(from_json($quality_scales, '[{"name":"VARCHAR","low":"DOUBLE","high":"DOUBLE"}]')) as s)
),

quality as (
    -- a score of an evaluation with a declared scale maps low..high to 0..1 (outside it: left out);
    -- otherwise a score in [0, 1] is taken as is; -1 is 0 (thumbs-down of -1/1 feedback, whose
    -- thumbs-up is 1); pass/fail-style labels map to 1/0; other scales are left out. The mean is
    -- summed as DECIMAL: exact, so the same scores give the same value in whatever order DuckDB's
    -- threads add them.
    select
        trace_id,
        (sum(score01::decimal(38, 18)) / count(score01))::double as quality,
        count(*) as quality_signal_count,
        list_sort(list_distinct(list(name))) as quality_signals,
        -- scores on a scale other than 0..1 that nobody declared: left out, and counted so it shows
        -- (a declared evaluation's score outside its range is left out, but its scale is known)
        count(*) filter (where score01 is null and score is not null and not is_declared) as unscaled_score_count,
        list_sort(list_distinct(list(name) filter (where score01 is null and score is not null and not is_declared))) as unscaled_quality_signals
    from (
        select
            trace_id,
            e.name as name,
            e.score as score,
            d.name is not null as is_declared,
            case
                when d.name is not null and e.score is not null then
                    case when e.score between d.low and d.high then (e.score - d.low) / (d.high - d.low) end
                when e.score between 0 and 1 then e.score
                when e.score = -1 then 0.0
                when lower(e.label) in ('pass', 'correct', 'good', 'positive', 'relevant', 'thumbs_up', 'yes', 'true') then 1.0
                when lower(e.label) in ('fail', 'incorrect', 'bad', 'negative', 'not_relevant', 'irrelevant', 'thumbs_down', 'no', 'false') then 0.0
            end as score01
        from evaluations
        left join declared_scales as d on d.name = e.name
    )
    group by trace_id
),

joined as (
    select
        k.trace_id,
        coalesce(k.session_key, 'trace:' || k.trace_id) as session_id,
        k.session_key is null as is_degraded_session,
        k.user_key as user_id,
        coalesce(k.declared_type, k.root_span_name) as turn_type,
        k.started_at,
        k.ended_at,
        date_diff('microsecond', k.started_at, k.ended_at) / 1000.0 as duration_ms,
        k.root_span_id,
        k.root_span_name,
        k.service_name,
        k.model_call_count,
        k.tool_call_count,
        k.retrieval_count,
        -- BIGINT, not the HUGEINT sum() gives: DuckDB stores and reads 128-bit integers several
        -- times slower (reading 2.3M turn facts' three token columns took ~3 of its 8.7 s)
        coalesce(k.input_tokens, 0)::bigint as input_tokens,
        coalesce(k.output_tokens, 0)::bigint as output_tokens,
        coalesce(k.cache_read_tokens, 0)::bigint as cache_read_tokens,
        coalesce(k.cache_write_tokens, 0)::bigint as cache_write_tokens,
        coalesce(k.reasoning_tokens, 0)::bigint as reasoning_tokens,
        -- a turn with any call of unknown cost (no price, or no usage recorded) has no total: null, never a partial sum
        case when coalesce(c.uncosted_call_count, 0) = 0 then coalesce(c.priced_cost_usd, 0) end as cost_usd,
        coalesce(c.unpriced_call_count, 0) as unpriced_call_count,
        c.recorded_cost_usd,
        k.request_models,
        k.response_models,
        k.last_response_model,
        f.failure_kind is not null as is_failed,
        f.failure_kind,
        f.failing_span_id,
        coalesce(f.failure_signal_count, 0) as failure_signal_count,
        q.quality,
        coalesce(q.quality_signal_count, 0) as quality_signal_count,
        q.quality_signals,
        coalesce(q.unscaled_score_count, 0) as unscaled_score_count,
        q.unscaled_quality_signals
    from trace_keys as k
    left join costs as c using (trace_id)
    left join first_failure as f using (trace_id)
    left join quality as q using (trace_id)
),

final as (
    select
        *,
        row_number() over (partition by session_id order by started_at, trace_id) as turn_index
    from joined
)

select * from final
