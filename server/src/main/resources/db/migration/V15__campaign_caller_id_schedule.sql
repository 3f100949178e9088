-- The caller ID a campaign's calls show (E.164, one of the tenant's phone numbers); null: the queue's
-- outboundCallerId, else the dial policy's defaultCallerId.
ALTER TABLE campaigns ADD COLUMN caller_id text;
-- When it dials, in its time zone ({"days": ["mon", ...], "from": "HH:MM", "to": "HH:MM", "startAt", "endAt"});
-- null: every day, all day (each contact's calling hours still apply).
ALTER TABLE campaigns ADD COLUMN schedule jsonb;
