-- Outbound campaigns (io.switchboard.campaigns, docs/campaigns.md): a campaign calls the contacts of its lists
-- (V9) for the agents of one ACD queue. Its pacer keeps each contact's attempt state here; the calls themselves live
-- in the ACD (Redis) as virtual calls while they wait, ring and talk.

CREATE TABLE campaigns (
  tenant         text        NOT NULL,
  id             uuid        NOT NULL,
  -- bumped by every change of the campaign's own fields and status; the API's ETag
  version        bigint      NOT NULL DEFAULT 1,
  name           text        NOT NULL,
  -- the ACD queue whose agents work it (its priority against inbound queues' decides who goes first)
  queue          text        NOT NULL,
  list_ids       uuid[]      NOT NULL,
  -- progressive (preview and predictive are refused by the API so far)
  mode           text        NOT NULL,
  -- IANA zone of contacts that have none
  time_zone      text        NOT NULL,
  -- calling hours in each contact's local time: from <= time of day < to
  hours_from     time        NOT NULL,
  hours_to       time        NOT NULL,
  -- {"busy": {"delaySeconds": n, "maxAttempts": n}, "noAnswer": {...}, "failed": {...}}
  retry          jsonb       NOT NULL,
  -- ready, running, paused, stopped, completed (campaigns.CampaignStatus)
  status         text        NOT NULL DEFAULT 'ready',
  -- why it is paused or stopped when the pacer decided (trunk-down), or who did
  status_reason  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id),
  UNIQUE (tenant, name)
);

-- The campaign's own do-not-call list (E.164), checked with the tenant's (do_not_call) before every attempt.
CREATE TABLE campaign_do_not_call (
  tenant       text NOT NULL,
  campaign_id  uuid NOT NULL,
  phone        text NOT NULL,
  PRIMARY KEY (tenant, campaign_id, phone),
  FOREIGN KEY (tenant, campaign_id) REFERENCES campaigns (tenant, id) ON DELETE CASCADE
);

-- One row per contact of the campaign's lists (written at start and resume): its attempts and what comes next.
CREATE TABLE campaign_contacts (
  tenant           text        NOT NULL,
  campaign_id      uuid        NOT NULL,
  list_id          uuid        NOT NULL,
  contact_id       bigint      NOT NULL,
  -- attempts made (a call withdrawn while it waited for an agent is not one)
  attempts         int         NOT NULL DEFAULT 0,
  -- not offered before this instant (retry spacing, calling hours)
  next_attempt_at  timestamptz NOT NULL DEFAULT '-infinity',
  -- answered, busy, no-answer, failed outcomes of the ACD, do-not-call, invalid-number, gone (no number any more)
  last_outcome     text,
  -- the agent's disposition of the answered call
  disposition      text,
  done             boolean     NOT NULL DEFAULT false,
  -- the ACD call of the attempt in flight and the number it dials; NULL when none
  call_id          text,
  phone            text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, campaign_id, list_id, contact_id),
  FOREIGN KEY (tenant, campaign_id) REFERENCES campaigns (tenant, id) ON DELETE CASCADE
);
CREATE INDEX campaign_contacts_due ON campaign_contacts (tenant, campaign_id, next_attempt_at)
  WHERE NOT done AND call_id IS NULL;
CREATE INDEX campaign_contacts_in_flight ON campaign_contacts (tenant, campaign_id) WHERE call_id IS NOT NULL;
-- every dial asks whether a campaign call in flight to its number is on that campaign's own do-not-call list
CREATE INDEX campaign_contacts_phone_in_flight ON campaign_contacts (tenant, phone) WHERE call_id IS NOT NULL;
