-- scope_traces: the traces an incremental build recomputes: the changed ones and every other turn
-- of their sessions (turn_index and the session's running totals depend on all of them).
-- grain: one row per trace_id. inputs: changed_traces, turns (as last built), scope_sessions.
select trace_id
from changed_traces

union

select trace_id
from turns
semi join scope_sessions using (session_id)
