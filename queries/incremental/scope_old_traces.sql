-- scope_old_traces: the scope's traces that had spans at the last build (they have a turn); the
-- others live only in the new files. The scope's `spans` view reads the new files by file_id range
-- and, for these traces only, their older spans.
-- grain: one row per trace_id. inputs: scope_traces, turns (as last built).
select trace_id
from scope_traces
semi join turns using (trace_id)
