-- turn_facts: each turn with what the metric tables group by and measure: cohort, turn bucket, model,
--             sampling weight, failure flags, repetition and running totals. The base of 4-metrics.
-- grain: one row per trace_id (= per turn).
-- inputs: turns, sessions, spans, span_failures. parameters: $turn_index_cap, $repetition_min_similarity,
--         $sample_rate_keys (varchar[]), $sample_rate_keys_are_default (boolean).
-- sampling weight (CONVENTIONS §5): the trace's root span (else earliest span) tracestate `ot=th:` gives
--   2^56 / (2^56 − T); else `ot=p:N` gives 2^N (p:63 gives 0); else a SampleRate-style attribute
--   (keys $sample_rate_keys, span then resource) ≥ 1 gives N; else 1 with weight_source 'none'.
-- repetition: word-set Jaccard similarity (lowercased, split on non-alphanumerics) between the
--   turn's last completion and the same session's previous turn's; ≥ $repetition_min_similarity.
--   Words are compared by their 64-bit hash (sets of integers intersect ~15% faster than sets of
--   strings); two different words in one pair of completions share a hash with odds of ~1e-16.
with

turns_in as (
    select
        trace_id, session_id, user_id, turn_type, turn_index, started_at, duration_ms, input_tokens,
        output_tokens, cost_usd, is_failed, failure_kind, quality, last_response_model, root_span_id
    from turns
),

sessions_in as (
    select session_id, session_type, turns as session_turns from sessions
),

spans_in as (
    select
        trace_id, started_at, ended_at, is_model_call, provider, request_model, completion_text
    from spans
),

-- each trace's root span (else its earliest), as 3-link/turns.sql chose it (turns.root_span_id);
-- ingest stored the default keys' sample rate (declared_sample_rate), other keys are read from
-- that one span's JSON
chosen as (
    select trace_id, root_span_id as span_id
    from turns_in
),

span_weights as (
    select
        s.trace_id,
        regexp_extract(s.trace_state, '(?:^|,)\s*ot=(?:[^,]*;)?th:([0-9a-f]{1,14})', 1) as th,
        try_cast(regexp_extract(s.trace_state, '(?:^|,)\s*ot=(?:[^,]*;)?p:([0-9]{1,2})', 1) as integer) as p_value,
        case
            when $sample_rate_keys_are_default then s.declared_sample_rate
            else list_filter(
                list_transform(
                    $sample_rate_keys,
                    k -> coalesce(
                        try_cast(json_extract_string(s.attributes, '$."' || k || '"') as double),
                        try_cast(json_extract_string(s.resource_attributes, '$."' || k || '"') as double)
                    )
                ),
                v -> v is not null and v >= 1
            )[1]
        end as sample_rate
    from spans as s
    semi join chosen as c on c.trace_id = s.trace_id and c.span_id = s.span_id
),

trace_weights as (
    select
        trace_id,
        case
            when th <> '' then 72057594037927936.0
                / (72057594037927936 - cast(('0x' || rpad(th, 14, '0')) as ubigint))
            when p_value between 0 and 62 then pow(2, p_value)
            when p_value = 63 then 0.0
            when sample_rate is not null then sample_rate
            else 1.0
        end as sampling_weight,
        case
            when th <> '' then 'ot_th'
            when p_value between 0 and 63 then 'ot_p'
            when sample_rate is not null then 'sample_rate'
            else 'none'
        end as weight_source
    from span_weights
),

trace_models as (
    select
        trace_id,
        arg_min(coalesce(provider, ''), started_at) as provider,
        arg_min(request_model, started_at) as request_model,
        arg_max(completion_text, ended_at) filter (where completion_text is not null) as completion_text
    from spans_in
    where is_model_call
    group by trace_id
),

trace_failure_flags as (
    select
        trace_id,
        bool_or(failure_kind = 'truncated') as is_truncated,
        bool_or(failure_kind = 'tool_error') as has_tool_error
    from span_failures
    group by trace_id
),

joined as (
    select
        t.trace_id,
        t.session_id,
        t.user_id,
        s.session_type,
        t.turn_index,
        s.session_turns,
        case when s.session_turns <= 3 then '1-3' when s.session_turns <= 7 then '4-7' else '8+' end as session_cohort,
        least(t.turn_index, $turn_index_cap) as turn_bucket,
        t.started_at,
        cast(t.started_at as date) as day,
        coalesce(m.provider, '') as provider,
        m.request_model,
        t.last_response_model as response_model,
        coalesce(w.sampling_weight, 1.0) as sampling_weight,
        coalesce(w.weight_source, 'none') as weight_source,
        t.is_failed,
        t.failure_kind,
        coalesce(f.is_truncated, false) as is_truncated,
        coalesce(f.has_tool_error, false) as has_tool_error,
        t.quality,
        t.duration_ms,
        t.input_tokens,
        t.output_tokens,
        t.input_tokens + t.output_tokens as total_tokens,
        t.cost_usd,
        -- the distinct words (as hashes), once: the similarity below compares sets
        list_distinct(list_transform(list_filter(string_split_regex(lower(m.completion_text), '[^a-z0-9]+'), x -> x <> ''), x -> hash(x))) as completion_words
    from turns_in as t
    join sessions_in as s using (session_id)
    left join trace_weights as w using (trace_id)
    left join trace_models as m using (trace_id)
    left join trace_failure_flags as f using (trace_id)
),

with_previous as (
    select
        *,
        lag(completion_words) over (partition by session_id order by turn_index) as previous_words,
        lag(input_tokens) over (partition by session_id order by turn_index) as previous_input_tokens,
        sum(total_tokens) over (partition by session_id order by turn_index)::bigint as cumulative_tokens,
        -- null from the first unpriced turn on: never a partial sum
        case when bool_and(cost_usd is not null) over (partition by session_id order by turn_index)
            then sum(cost_usd) over (partition by session_id order by turn_index) end as cumulative_cost_usd
    from joined
),

-- the intersection once (DuckDB does not share a repeated expression). Both sets are distinct, so
-- |A ∩ B| is the number of A's words found in B: a linear search per word, which at the sizes of
-- most completions is several times faster than list_intersect's hash set (226k pairs of ~15
-- words: 57 against 235 ms; 256 words a side: 0.70 against 0.82 s); past that, the hash set.
shared_words as (
    select
        *,
        case
            when len(completion_words) * len(previous_words) <= 65536
                then len(list_filter(completion_words, w -> list_contains(previous_words, w)))
            else len(list_intersect(completion_words, previous_words))
        end as shared_word_count
    from with_previous
),

similarity as (
    select
        *,
        -- Jaccard of two word sets: |A ∩ B| / (|A| + |B| − |A ∩ B|)
        case when len(completion_words) > 0 and len(previous_words) > 0 then
            shared_word_count / (len(completion_words) + len(previous_words) - shared_word_count)
        end as completion_similarity
    from shared_words
),

final as (
    select
        * exclude (completion_words, previous_words, previous_input_tokens, shared_word_count),
        input_tokens - previous_input_tokens as marginal_input_tokens,
        coalesce(completion_similarity >= $repetition_min_similarity, false) as is_repetition
    from similarity
)

select * from final
