-- scope_sessions: every session a changed trace belonged to at the last build or may belong to now.
-- A trace's session key is its root's, else its earliest keyed span's (3-link/turns.sql). When it
-- only gained spans, those it had keep their order, so the key can only move to one a new span
-- carries, or to the trace's own "trace:<trace_id>" session when it has none; when it lost spans
-- (removed_traces: retention, a changed file read again), to one any of its remaining spans
-- carries. Turn indexes, session and user totals of these sessions are recomputed.
-- grain: one row per session_id. inputs: turns (as last built), raw_spans, changed_traces,
--        removed_traces. parameters: $last_file_id.
select session_id
from turns
semi join changed_traces using (trace_id)

union

select session_id
from raw_spans
where file_id > $last_file_id and session_id is not null

union

select session_id
from raw_spans
where trace_id in (select trace_id from removed_traces where file_id <= $last_file_id) and session_id is not null

union

select 'trace:' || trace_id
from changed_traces
