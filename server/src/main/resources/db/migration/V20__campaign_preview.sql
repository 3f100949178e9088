-- Preview campaigns (docs/campaigns.md, "Preview mode"): the agent sees the contact before the number is dialed.
-- {"timeoutSeconds": n | null, "onTimeout": "skip" | "call", "skipDelaySeconds": n}; null: the defaults (no
-- timeout of its own: campaigns.preview.timeout-seconds, skip; a skipped contact is due again after 3600 s).
ALTER TABLE campaigns ADD COLUMN preview jsonb;

-- The agent's disposition of an answered attempt: the preview card shows a contact's previous attempts with it.
ALTER TABLE campaign_attempts ADD COLUMN disposition text;
CREATE INDEX campaign_attempts_by_contact ON campaign_attempts (tenant, campaign_id, contact, settled_at);
