-- top_failure_prone_users: the 15 users whose sessions fail most often, ranked users (enough sessions
--                          to rank) first, then the rest by rate (flagged), with the rate's interval.
-- grain: one row per user.
-- inputs: failure_prone_users.
select
    coalesce(user_id, '(no user id)') as user_id, rank, n as sessions, turns,
    session_failure_rate, ci_low, ci_high, turn_failure_rate, lift, top_failure_kinds, is_small_sample, is_ranked
from failure_prone_users
where session_failure_rate > 0
order by is_ranked desc, rank, session_failure_rate desc, n desc, user_id
limit 15
