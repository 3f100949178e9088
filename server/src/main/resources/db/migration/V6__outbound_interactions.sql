-- Click-to-dial: an interaction is inbound (a caller reached a queue) or outbound (an agent dialed; call.dialed,
-- call.dial.answered, call.dial.failed); `direction` (V2) now takes both values. For outbound rows `caller` is the
-- number dialed, `caller_id` the tenant's number shown to it, `queue` the queue the call was made for (may be NULL),
-- `wait_ms` the ringing time, and `outcome` answered | busy | no-answer | invalid-number | rejected | trunk-failure |
-- cancelled | open. Queue reports count inbound rows only (docs/reports.md).
ALTER TABLE interactions ADD CONSTRAINT interactions_direction CHECK (direction IN ('inbound', 'outbound'));
ALTER TABLE interactions ADD COLUMN caller_id text;
