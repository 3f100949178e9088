-- Why a campaign's contacts were not dialed (docs/reports.md, "Campaigns"): one row per decision of its pacer.
-- kind: skipped (an agent skipped the contact's preview, or its timeout did: reason is preview.skip's, 'none' when it
-- gave none, or 'timeout'); not-dialed (the pacer did not place a due contact: do-not-call, outside-calling-hours,
-- gone, or the contact is done after its rule's max-attempts); refused (the dial planner refused the number at dial
-- time, nothing was sent: reason is its code, invalid-number, blocked-number, not-allowed-number, do-not-call, ...;
-- call_id is that attempt's, which the report leaves out of dialed).
CREATE TABLE campaign_not_dialed (
  tenant      text        NOT NULL,
  campaign_id uuid        NOT NULL,
  contact     text        NOT NULL,
  kind        text        NOT NULL,
  reason      text        NOT NULL,
  call_id     text,
  at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant, campaign_id) REFERENCES campaigns (tenant, id) ON DELETE CASCADE
);
CREATE INDEX campaign_not_dialed_by_campaign ON campaign_not_dialed (tenant, campaign_id, kind, reason);

-- The tenant's own prompt (docs/prompts.md) a predictive campaign's abandoned contacts hear instead of the
-- campaign-abandon phrase; null: that phrase (the tenant's recording of it, else the shipped one).
ALTER TABLE campaigns ADD COLUMN abandon_prompt text;
