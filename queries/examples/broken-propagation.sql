-- Traces whose span tree is broken: no root, several roots, or spans whose parent never arrived.
select trace_id, span_count, root_count, orphan_count, file_count, is_missing_session_key
from trace_integrity
where is_broken_tree
order by orphan_count desc, root_count desc
limit 50
