-- scope_users: the users of the recomputed sessions, run before and after sessions are replaced
-- (a session can move to another user); their totals are recomputed. user_id may be null (turns
-- without a user id are one row of users).
-- grain: one row per user_id. inputs: sessions, scope_sessions.
select distinct user_id
from sessions
semi join scope_sessions using (session_id)
