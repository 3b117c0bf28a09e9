-- turn_index must run 1..turns within each session. Returns sessions where it does not.
select session_id, count(*) as turns, max(turn_index) as max_index, count(distinct turn_index) as distinct_indexes
from turns
group by session_id
having max(turn_index) <> count(*) or count(distinct turn_index) <> count(*)
