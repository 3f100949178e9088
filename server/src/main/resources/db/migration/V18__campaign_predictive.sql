-- A predictive campaign's abandon cap, percent of answered calls over a rolling 30 days (0 to 3); null: the node's
-- campaigns.predictive.abandon-cap-percent.
ALTER TABLE campaigns ADD COLUMN abandon_cap_percent numeric(4, 2);

-- Every counted attempt of a campaign once settled: what the rolling 30-day abandon rate (abandoned / answered) and
-- the campaign's abandoned figure are read from. answered: the contact answered (an agent took it, or it was
-- abandoned: answered with no agent free within the grace time, heard the message and was hung up).
CREATE TABLE campaign_attempts (
  tenant      text        NOT NULL,
  call_id     text        NOT NULL,
  campaign_id uuid        NOT NULL,
  contact     text        NOT NULL,
  outcome     text        NOT NULL,
  answered    boolean     NOT NULL,
  abandoned   boolean     NOT NULL,
  settled_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant, call_id),
  FOREIGN KEY (tenant, campaign_id) REFERENCES campaigns (tenant, id) ON DELETE CASCADE
);
CREATE INDEX campaign_attempts_by_campaign ON campaign_attempts (tenant, campaign_id, settled_at);
