-- user totals must equal the sum of their sessions. Returns mismatching users.
with per_user as (
    select user_id, count(*) as sessions, sum(turns) as turns, sum(input_tokens) as input_tokens
    from sessions
    group by user_id
)
select u.user_id, u.sessions, p.sessions as session_rows, u.turns, p.turns as session_turns
from users as u
join per_user as p on u.user_id is not distinct from p.user_id
where u.sessions <> p.sessions or u.turns <> p.turns or u.input_tokens <> p.input_tokens
