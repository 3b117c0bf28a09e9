-- tool_calls: every tool execution span.
-- grain: one row per execute_tool span.
-- inputs: spans, turns.
select
    s.trace_id, s.span_id, t.session_id, t.user_id, t.turn_index, s.started_at, s.duration_ms,
    s.tool_name, s.tool_call_id, s.status_code, s.error_type, s.status_message, s.convention
from spans as s
left join turns as t using (trace_id)
where s.operation = 'execute_tool'
