-- The caller ID a campaign's calls show (E.164, one of the tenant's phone numbers); null: the queue's
-- outboundCallerId, else the dial policy's defaultCallerId.
ALTER TABLE campaigns ADD COLUMN caller_id text;
