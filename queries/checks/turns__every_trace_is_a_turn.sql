-- every trace in spans must be a turn. Returns traces that are missing.
select distinct s.trace_id
from spans as s
anti join turns as t using (trace_id)
