-- every turn must belong to a session row. Returns orphaned turns.
select t.trace_id, t.session_id
from turns as t
anti join sessions as s using (session_id)
