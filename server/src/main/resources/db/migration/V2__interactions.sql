-- Interaction records, built from the events table by the records pipeline (io.switchboard.records). Both tables
-- are projections: each row is recomputed from all the events of its call (in stream order) whenever one of them is
-- stored, in the same transaction, so the rows are exact whatever order or how many times events arrive.

-- the call each event belongs to, and its agent, for the projection's and the timeline's look-ups
ALTER TABLE events ADD COLUMN call_id  text GENERATED ALWAYS AS (fields ->> 'callId') STORED;
ALTER TABLE events ADD COLUMN agent_id text GENERATED ALWAYS AS (fields ->> 'agentId') STORED;
CREATE INDEX events_tenant_call ON events (tenant, call_id, entry_ms, entry_seq) WHERE call_id IS NOT NULL;
-- agent state history: the agent.state events of one agent in order (intervals run from one to the next)
CREATE INDEX events_tenant_agent_state ON events (tenant, agent_id, entry_ms, entry_seq) WHERE type = 'agent.state';

-- One row per call (its call id), whatever happened to it. Times are the ACD's (the writing node's clock).
-- Durations are milliseconds; a duration that did not happen is 0, a time that did not happen is NULL.
CREATE TABLE interactions (
  tenant        text        NOT NULL,
  call_id       text        NOT NULL,
  direction     text        NOT NULL DEFAULT 'inbound',
  caller        text,
  language      text,
  -- the queue the call first entered, and the one it was in at the end (after overflows and transfers)
  queue         text,
  final_queue   text,
  priority      integer,
  region        text,
  arrived_at    timestamptz NOT NULL,
  -- first answer: the agent who answered it and when
  answered_at   timestamptz,
  agent_id      text,
  ended_at      timestamptz,
  -- answered | abandoned | lost (its node died) | open (still waiting or talking)
  outcome       text        NOT NULL,
  -- who ended it: caller | agent | node-lost | reconcile (call.ended's "by"; "caller" for an abandon)
  ended_by      text,
  -- enqueue to first answer, or to the abandon
  wait_ms       bigint      NOT NULL DEFAULT 0,
  talk_ms       bigint      NOT NULL DEFAULT 0,
  hold_ms       bigint      NOT NULL DEFAULT 0,
  hold_count    integer     NOT NULL DEFAULT 0,
  -- from the end of the last agent's talk to its wrapup.done
  wrap_ms       bigint      NOT NULL DEFAULT 0,
  transfers     integer     NOT NULL DEFAULT 0,
  offers        integer     NOT NULL DEFAULT 0,
  disposition   text,
  notes         text,
  -- every step in order: [{"at": iso, "kind": "queued"|"offered"|"answered"|..., ...}]; see docs/reports.md
  timeline      jsonb       NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, call_id)
);
-- reports by queue and by time; search by time, agent and caller
CREATE INDEX interactions_tenant_queue_arrived ON interactions (tenant, queue, arrived_at);
CREATE INDEX interactions_tenant_arrived ON interactions (tenant, arrived_at);
CREATE INDEX interactions_tenant_agent_arrived ON interactions (tenant, agent_id, arrived_at);
CREATE INDEX interactions_tenant_caller ON interactions (tenant, caller, arrived_at);

-- One row per offer of a call to an agent (a call offered twice to the same agent has two rows): what the agent
-- did with it and, if answered, its handling times. Agent and team reports read this table.
CREATE TABLE agent_legs (
  tenant        text        NOT NULL,
  call_id       text        NOT NULL,
  -- the offer's place among the call's offers, from 1
  seq           integer     NOT NULL,
  agent_id      text        NOT NULL,
  queue         text,
  offered_at    timestamptz NOT NULL,
  -- answered | rejected | missed (no answer in time) | withdrawn (the caller hung up or the call was taken back)
  -- | open
  outcome       text        NOT NULL,
  answered_at   timestamptz,
  -- the end of the agent's talk: hang-up or transfer away
  ended_at      timestamptz,
  talk_ms       bigint      NOT NULL DEFAULT 0,
  hold_ms       bigint      NOT NULL DEFAULT 0,
  wrap_ms       bigint      NOT NULL DEFAULT 0,
  -- the agent transferred the call on (to a queue or an agent)
  transferred   boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (tenant, call_id, seq)
);
CREATE INDEX agent_legs_tenant_agent_offered ON agent_legs (tenant, agent_id, offered_at);
CREATE INDEX agent_legs_tenant_offered ON agent_legs (tenant, offered_at);
