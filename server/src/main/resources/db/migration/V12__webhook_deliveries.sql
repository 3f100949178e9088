-- Signed outbound webhooks (io.switchboard.webhooks; docs/webhooks.md). A row is one event to deliver to one webhook,
-- queued in the transaction that stores the event (so neither is lost nor queued twice: the key below), then sent by
-- whichever node claims it first.
CREATE TABLE webhook_deliveries (
  id              bigserial PRIMARY KEY,
  tenant          text NOT NULL,
  webhook_id      text NOT NULL,
  event_id        text NOT NULL,        -- the stream entry id: the webhook-id header, the same on every attempt
  event_type      text NOT NULL,
  body            text NOT NULL,        -- the JSON sent, byte for byte the same on every attempt
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until   timestamptz,          -- a node is sending it until then; past it, another node may
  last_status     integer,              -- the HTTP status of the last attempt, null when none came back
  last_error      text,
  last_attempt_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,          -- when it was delivered or became dead
  UNIQUE (tenant, webhook_id, event_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (tenant, webhook_id, status, id);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE status <> 'pending';
