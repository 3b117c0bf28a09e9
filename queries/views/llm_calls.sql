-- llm_calls: every model call (chat, completion, embeddings), each once, with its cost.
-- grain: one row per model-call span.
-- inputs: spans, model_call_costs, turns.
select
    s.trace_id, s.span_id, t.session_id, t.user_id, t.turn_index, s.started_at, s.duration_ms,
    s.operation, s.provider, s.request_model, s.response_model,
    s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens,
    c.cost_usd, c.price_source, s.finish_reasons, s.status_code, s.error_type, s.temperature,
    s.prompt_text, s.completion_text, s.convention, s.service_name
from spans as s
join model_call_costs as c using (trace_id, span_id)
left join turns as t using (trace_id)
