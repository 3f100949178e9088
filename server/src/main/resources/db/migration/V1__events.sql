-- The ACD's event stream, as written by the records pipeline (io.switchboard.records): one row per entry of a
-- tenant's Redis stream sb:{tenant}:events. Rows are only ever inserted; (tenant, entry_id) makes the insert
-- idempotent, so an event that is delivered twice (a consumer died after the commit, before its XACK) is stored once.
CREATE TABLE events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant      text        NOT NULL,
  -- the Redis stream entry id, "<ms>-<seq>"; entry_ms/entry_seq order the events of a tenant exactly as the stream
  -- did (several events of one ACD operation share a millisecond)
  entry_id    text        NOT NULL,
  entry_ms    bigint      NOT NULL GENERATED ALWAYS AS (split_part(entry_id, '-', 1)::bigint) STORED,
  entry_seq   bigint      NOT NULL GENERATED ALWAYS AS (split_part(entry_id, '-', 2)::bigint) STORED,
  -- the event's type (call.enqueued, call.reserved, agent.state, ...), its time on the node that wrote it, and
  -- that node's id
  type        text        NOT NULL,
  ts          timestamptz NOT NULL,
  node        text        NOT NULL,
  -- every other field of the entry, as strings (callId, queue, agentId, ...); see docs/architecture.md
  fields      jsonb       NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_entry_unique UNIQUE (tenant, entry_id)
);

-- time-range scans of one tenant, and of one event type of a tenant (reports)
CREATE INDEX events_tenant_ts ON events (tenant, ts);
CREATE INDEX events_tenant_type_ts ON events (tenant, type, ts);
