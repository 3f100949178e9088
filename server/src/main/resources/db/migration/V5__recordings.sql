-- Call recordings' metadata (io.switchboard.recording; the audio is in the recording store under storage_key).
-- One row per recorded connection of a call to an agent, linked to its interaction by (tenant, call_id); written by
-- the node holding the call as the recording goes (status 'recording' until it ends: a row left 'recording' is one
-- whose node died mid-call, and its file holds everything but the last chunk). Times are the recording node's clock;
-- offsets and durations are milliseconds from the recording's start.
CREATE TABLE recordings (
  id           text        PRIMARY KEY,
  tenant       text        NOT NULL,
  call_id      text        NOT NULL,
  agent_id     text,
  queue        text,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  duration_ms  bigint      NOT NULL DEFAULT 0,
  -- recording | complete | failed
  status       text        NOT NULL CHECK (status IN ('recording', 'complete', 'failed')),
  -- [{"fromMs": 1200, "toMs": 5400}, ...]: spans the agent paused (silence in both channels); toMs null while open
  paused_spans jsonb       NOT NULL DEFAULT '[]',
  storage_key  text        NOT NULL,
  bytes        bigint      NOT NULL DEFAULT 0,
  channels     smallint    NOT NULL DEFAULT 2,
  -- why a failed recording failed (queue-overflow, store-error); NULL otherwise
  failure      text
);
CREATE INDEX recordings_tenant_call ON recordings (tenant, call_id, started_at);
-- the retention purge deletes by age per tenant
CREATE INDEX recordings_tenant_started ON recordings (tenant, started_at);

-- Every playback of a recording's audio: who, when, which bytes (the HTTP Range asked for, or NULL for all).
CREATE TABLE recording_listens (
  id           bigserial   PRIMARY KEY,
  recording_id text        NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  tenant       text        NOT NULL,
  user_id      text        NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  byte_range   text
);
CREATE INDEX recording_listens_recording ON recording_listens (recording_id, at);
