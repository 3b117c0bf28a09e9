-- scope_sessions: every session a changed trace belonged to at the last build or may belong to now.
-- A trace's session key is its root's, else its earliest keyed span's (3-link/turns.sql). Any
-- change can move it to a session any of the trace's spans carries: a new span; an older span,
-- when the trace lost spans (removed_traces: retention, a changed file read again) or when a newer
-- copy of a span (another file's) replaces the one that decided the key, e.g. a root copy without
-- the session id, or with another start time; or to the trace's own "trace:<trace_id>" session
-- when none carries one. So: the sessions of the changed traces' spans in the new files and, for
-- changed traces that had spans at the last build (a turn), of all their spans. Turn indexes,
-- session and user totals of these sessions are recomputed.
-- grain: one row per session_id. inputs: turns (as last built), raw_spans, changed_traces.
--        parameters: $last_file_id.
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
where trace_id in (select trace_id from changed_traces semi join turns using (trace_id)) and session_id is not null

union

select 'trace:' || trace_id
from changed_traces
