-- span_failures: each span that shows a failure, with the rule that fired (README "Failure attribution").
-- grain: one row per (trace_id, span_id, failure_kind).
-- inputs: spans. parameters: $retrieval_low_score, $stale_max_age_days, $stale_min_confidence,
--         $postprocess_min_similarity.
with

-- no shared CTE over spans: DuckDB would materialize it, wide text columns included; each part
-- scans just the columns (and rows) it needs
documents as (
    select
        trace_id,
        span_id,
        started_at,
        unnest(from_json(retrieval_documents, '[{"id":"VARCHAR","score":"DOUBLE","metadata":"JSON"}]')) as doc
    from spans
    where retrieval_documents is not null
),

document_flags as (
    select
        d.trace_id,
        d.span_id,
        max(d.doc.score) as top_score,
        bool_or(
            try_cast(d.doc.metadata->>'confidence' as double) < $stale_min_confidence
            or try_cast(d.doc.metadata->>'age_days' as double) > $stale_max_age_days
            or date_diff(
                'day',
                coalesce(
                    try_cast(d.doc.metadata->>'updated_at' as timestamp),
                    try_cast(d.doc.metadata->>'created_at' as timestamp)
                ),
                d.started_at::timestamp
            ) > $stale_max_age_days
        ) as has_stale_document
    from documents as d
    group by all
),

-- the root's final output vs the trace's last completion, only where both are recorded: the roots
-- are found first (few traces record a final output), then only their traces' completions are read.
-- Not materialized: DuckDB then knows how few they are and builds the join's hash table on them,
-- not on the model calls with their completion text.
final_outputs as not materialized (
    select trace_id, span_id, completion_text
    from spans
    where parent_span_id is null and not is_model_call and completion_text is not null
),

last_completion as (
    select s.trace_id, arg_max(s.completion_text, s.ended_at) as completion_text
    from spans as s
    semi join final_outputs as r using (trace_id)
    where s.is_model_call and s.completion_text is not null
    group by s.trace_id
),

postprocess_mismatches as (
    select r.trace_id, r.span_id
    from final_outputs as r
    join last_completion as lc using (trace_id)
    where 1 - levenshtein(left(r.completion_text, 2000), left(lc.completion_text, 2000))
            / greatest(length(left(r.completion_text, 2000)), length(left(lc.completion_text, 2000)), 1)
            < $postprocess_min_similarity
),

-- a span failed when its status is ERROR, or, for Langfuse, when its level is ERROR (Langfuse
-- marks a failed observation that way and may leave the status UNSET). The level is read from the
-- attributes of the few Langfuse spans that carry an error type and no ERROR status (an error type
-- alone is not a failure: an exception event may record a retried attempt); filtering on the
-- narrow columns first keeps DuckDB from reading every span's attributes (that took ~0.5–2.5 s at 1M).
langfuse_failed as (
    select trace_id, span_id
    from spans
    where convention = 'langfuse' and error_type is not null and status_code <> 'ERROR'
        and upper(json_extract_string(attributes, '$."langfuse.observation.level"')) = 'ERROR'
),

spans_in as (
    select
        s.*,
        s.status_code = 'ERROR' or l.span_id is not null as is_error
    from spans as s
    left join langfuse_failed as l using (trace_id, span_id)
),

rules as (
    select
        s.trace_id,
        s.span_id,
        coalesce(s.ended_at, s.started_at) as failed_at,
        case
            when s.operation in ('chat', 'text_completion', 'embeddings') and s.is_error then 'llm_error'
            when s.operation = 'execute_tool' and s.is_error then 'tool_error'
            when s.operation = 'retrieval' and s.retrieval_documents is not null
                and json_array_length(s.retrieval_documents) = 0 then 'retrieval_empty'
            when s.operation = 'retrieval' and f.top_score is not null
                and f.top_score < $retrieval_low_score then 'retrieval_low_score'
            when s.operation = 'retrieval' and f.has_stale_document then 'stale_memory'
            -- list_contains, not list_has_any: the same test without building a set per span (~30 ms at 1M)
            when list_contains(s.finish_reasons, 'length') or list_contains(s.finish_reasons, 'max_tokens') then 'truncated'
            when list_contains(s.finish_reasons, 'content_filter') or list_contains(s.finish_reasons, 'safety') then 'content_filter'
            -- {{ name }} anywhere; {name} only at the start or after a space, a quote, "(", "[",
            -- ":", "," or ";" — not after "$" (a JS template literal, ${name}), nor after a letter,
            -- "}", "]", "^" or "_" (LaTeX: \frac{a}{b}, \sqrt[3]{x}, x^{n}, y_{i}).
            -- Two cheap tests first, each implied by the rule: contains() a brace, then a brace before
            -- a brace, letter or "_" (a simple pattern RE2 scans fast); the rule's own pattern, with
            -- its alternation and context, then runs on the few prompts left, not on every prompt
            -- holding JSON (on the benchmark corpus 169k prompts have a brace: 188 → 78 ms)
            when s.is_model_call and contains(s.prompt_text, '{') and regexp_matches(s.prompt_text, '\{[{A-Za-z_]')
                and regexp_matches(s.prompt_text, '\{\{\s*[A-Za-z_][\w.]*\s*\}\}|(^|[\s"''(\[:,;])\{[A-Za-z_]\w*\}')
                then 'template_error'
            when m.span_id is not null then 'postprocess_mismatch'
            when s.is_error then 'other_error'
        end as failure_kind,
        s.name as span_name,
        coalesce(s.error_type, s.status_message) as detail
    from spans_in as s
    left join document_flags as f using (trace_id, span_id)
    left join postprocess_mismatches as m using (trace_id, span_id)
),

final as (
    select * from rules where failure_kind is not null
)

select * from final
