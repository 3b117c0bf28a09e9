-- session totals must equal the sum of their turns. Returns mismatching sessions.
with per_session as (
    select session_id, count(*) as turns, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
        count(*) filter (where is_failed) as failed_turns
    from turns
    group by session_id
)
select s.session_id, s.turns, p.turns as turn_rows, s.input_tokens, p.input_tokens as turn_input_tokens
from sessions as s
join per_session as p using (session_id)
where s.turns <> p.turns or s.input_tokens <> p.input_tokens or s.output_tokens <> p.output_tokens
    or s.failed_turns <> p.failed_turns
