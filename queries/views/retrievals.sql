-- retrievals: every retrieval span with its documents.
-- grain: one row per retrieval span.
-- inputs: spans, turns.
select
    s.trace_id, s.span_id, t.session_id, t.turn_index, s.started_at, s.duration_ms, s.name,
    json_array_length(s.retrieval_documents) as document_count,
    s.retrieval_documents, s.status_code, s.convention
from spans as s
left join turns as t using (trace_id)
where s.operation = 'retrieval'
