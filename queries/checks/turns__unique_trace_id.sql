-- turns must hold each trace once. Returns violating trace ids.
select trace_id, count(*) as copies
from turns
group by trace_id
having count(*) > 1
