-- spans must hold each (trace_id, span_id) once. Returns violating keys.
select trace_id, span_id, count(*) as copies
from spans
group by trace_id, span_id
having count(*) > 1
