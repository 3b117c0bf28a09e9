-- turn_facts must hold every turn exactly once. Returns trace ids missing, extra, or repeated.
select coalesce(t.trace_id, f.trace_id) as trace_id, count(f.trace_id) as copies
from turns as t
full join turn_facts as f using (trace_id)
group by all
having count(f.trace_id) <> 1 or bool_or(t.trace_id is null)
