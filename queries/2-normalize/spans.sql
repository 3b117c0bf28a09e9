-- spans: every span once, typed, with its normalized GenAI columns. What analysts query.
-- grain: one row per (trace_id, span_id); a span seen in several files shows the copy from the
--        newest file (raw_spans.is_current, kept by 2-normalize/raw_spans__mark_current.sql).
-- inputs: raw_spans, ingested_files.
-- a view, not a copy: ingest appends to raw_spans only, and the build never rewrites the spans.
with

deduplicated as (
    select * from raw_spans where is_current
),

files as (
    select file_id, path as source_path from ingested_files
),

final as (
    select
        ---------- ids
        d.trace_id,
        d.span_id,
        d.parent_span_id,
        ---------- core
        d.name,
        d.kind,
        make_timestamp_ns(d.start_time_unix_nano) as started_at,
        make_timestamp_ns(d.end_time_unix_nano) as ended_at,
        d.start_time_unix_nano,
        d.end_time_unix_nano,
        d.duration_ms,
        d.status_code,
        d.status_message,
        d.trace_state,
        d.flags,
        d.service_name,
        d.scope_name,
        d.scope_version,
        ---------- normalized GenAI
        d.convention,
        d.operation,
        d.operation in ('chat', 'text_completion', 'embeddings')
            and not d.usage_is_aggregate as is_model_call,
        d.session_id,
        d.user_id,
        d.provider,
        d.request_model,
        d.response_model,
        d.input_tokens,
        d.output_tokens,
        d.cache_read_tokens,
        d.cache_write_tokens,
        d.reasoning_tokens,
        d.total_tokens,
        d.usage_is_aggregate,
        cast(d.finish_reasons as varchar[]) as finish_reasons,
        d.temperature,
        d.tool_name,
        d.tool_call_id,
        d.error_type,
        d.prompt_text,
        d.completion_text,
        d.retrieval_documents,
        d.evaluations,
        d.recorded_cost_usd,
        d.agent_name,
        d.declared_session_type,
        d.declared_sample_rate,
        ---------- everything the file carried
        d.attributes,
        d.resource_attributes,
        d.scope_attributes,
        d.events,
        d.links,
        d.dropped_attributes_count,
        d.dropped_events_count,
        d.dropped_links_count,
        d.resource_schema_url,
        d.scope_schema_url,
        ---------- provenance
        d.file_id,
        files.source_path,
        d.source_line,
        d.source_offset
    from deduplicated as d
    left join files using (file_id)
)

select * from final
