-- Reports (io.switchboard.reports, docs/reports.md).
--
-- An agent's state history is every event that changed its state: its agent.state events (field state) and the call
-- events that moved it (field agentState: reserved on call.reserved, on-call on call.accepted, wrap-up on call.ended,
-- ...). Each state lasts from its change to the agent's next change, in stream order (ts, entry_ms, entry_seq).
-- The predicate below is Figures.IS_STATE_CHANGE, word for word (the planner matches the partial index on it).
CREATE INDEX events_tenant_agent_changes ON events (tenant, agent_id, ts, entry_ms, entry_seq)
  WHERE type = 'agent.state' OR (fields ->> 'agentState') IS NOT NULL;

-- Roll-up for the agent and team reports, per agent and UTC hour: its offers (agent_legs by offered_at: the sums of
-- Figures.LEG_AGGREGATES) and the milliseconds it spent in each state (offline is not kept), counting only the state
-- intervals that have ended (the agent changed state again). A month of 200 agents is ~150,000 rows here instead of
-- a million legs and millions of events; the reports read it whenever their intervals are whole UTC hours (hour, day
-- and week rows in any zone whose offset is whole hours), and add each agent's still-open state from the events.
-- Kept by the triggers below, in the transactions that write the events and the legs.
CREATE TABLE agent_hours (
  tenant       text        NOT NULL,
  agent_id     text        NOT NULL,
  hour         timestamptz NOT NULL,
  offered      integer     NOT NULL DEFAULT 0,
  answered     integer     NOT NULL DEFAULT 0,
  rejected     integer     NOT NULL DEFAULT 0,
  missed       integer     NOT NULL DEFAULT 0,
  transfers    integer     NOT NULL DEFAULT 0,
  talk_ms      bigint      NOT NULL DEFAULT 0,
  hold_ms      bigint      NOT NULL DEFAULT 0,
  wrap_ms      bigint      NOT NULL DEFAULT 0,
  available_ms bigint      NOT NULL DEFAULT 0,
  reserved_ms  bigint      NOT NULL DEFAULT 0,
  on_call_ms   bigint      NOT NULL DEFAULT 0,
  wrap_up_ms   bigint      NOT NULL DEFAULT 0,
  away_ms      bigint      NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, agent_id, hour)
);

-- Adds intervals of the state history (the arrays hold one per element: tenant, agent, state, start, end, and +1 to
-- add or -1 to take away) to agent_hours, cut at UTC hours.
CREATE FUNCTION agent_hours_add(tenants text[], agents text[], states text[], starts timestamptz[],
    ends timestamptz[], signs int[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO agent_hours AS h (tenant, agent_id, hour, available_ms, reserved_ms, on_call_ms, wrap_up_ms, away_ms)
  SELECT i.tenant, i.agent_id, hr,
    coalesce(sum(ms) FILTER (WHERE i.state = 'available'), 0),
    coalesce(sum(ms) FILTER (WHERE i.state = 'reserved'), 0),
    coalesce(sum(ms) FILTER (WHERE i.state = 'on-call'), 0),
    coalesce(sum(ms) FILTER (WHERE i.state = 'wrap-up'), 0),
    coalesce(sum(ms) FILTER (WHERE i.state = 'away'), 0)
  FROM unnest(tenants, agents, states, starts, ends, signs) AS i(tenant, agent_id, state, s, e, sign)
    CROSS JOIN LATERAL generate_series(date_trunc('hour', i.s, 'UTC'), i.e - interval '1 microsecond',
      interval '1 hour') AS hr
    CROSS JOIN LATERAL (SELECT i.sign * (extract(epoch FROM least(i.e, hr + interval '1 hour') - greatest(i.s, hr))
      * 1000)::bigint AS ms) m
  WHERE i.e > i.s AND i.state IN ('available', 'reserved', 'on-call', 'wrap-up', 'away')
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3  -- rows locked in one order
  ON CONFLICT (tenant, agent_id, hour) DO UPDATE SET
    available_ms = h.available_ms + EXCLUDED.available_ms,
    reserved_ms = h.reserved_ms + EXCLUDED.reserved_ms,
    on_call_ms = h.on_call_ms + EXCLUDED.on_call_ms,
    wrap_up_ms = h.wrap_up_ms + EXCLUDED.wrap_up_ms,
    away_ms = h.away_ms + EXCLUDED.away_ms
$$;

-- After each INSERT into events (one per pipeline batch): for every agent whose state changed in it, recompute its
-- intervals from its last change before the first new one: add the intervals the new changes make, take away those
-- they replace (only when a change arrives out of order, between two stored ones). Batches of one tenant are
-- serialized by an advisory lock, so two nodes storing an agent's changes at once cannot both count one interval.
CREATE FUNCTION agent_hours_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('agent_hours'), hashtext(t.tenant))
    FROM (SELECT DISTINCT tenant FROM added
          WHERE agent_id IS NOT NULL AND (type = 'agent.state' OR (fields ->> 'agentState') IS NOT NULL)
          ORDER BY tenant) t;  -- also taken by agent_hours_legs: one writer of a tenant's agent_hours at a time
  WITH touched AS (
    SELECT DISTINCT ON (a.tenant, a.agent_id) a.tenant, a.agent_id, a.ts, a.entry_ms, a.entry_seq
    FROM added a
    WHERE a.agent_id IS NOT NULL AND (a.type = 'agent.state' OR (a.fields ->> 'agentState') IS NOT NULL)
    ORDER BY a.tenant, a.agent_id, a.ts, a.entry_ms, a.entry_seq),
  start AS (
    SELECT t.tenant, t.agent_id, coalesce(p.ts, t.ts) AS ts
    FROM touched t LEFT JOIN LATERAL (
      SELECT e.ts FROM events e
      WHERE e.tenant = t.tenant AND e.agent_id = t.agent_id
        AND (e.type = 'agent.state' OR (e.fields ->> 'agentState') IS NOT NULL)
        AND (e.ts, e.entry_ms, e.entry_seq) < (t.ts, t.entry_ms, t.entry_seq)
      ORDER BY e.ts DESC, e.entry_ms DESC, e.entry_seq DESC LIMIT 1) p ON true),
  changes AS (  -- one index range per agent (a join would scan all the events)
    SELECT e.tenant, e.agent_id, e.ts, e.entry_ms, e.entry_seq, a.id IS NOT NULL AS is_new, e.state
    FROM start s
      CROSS JOIN LATERAL (
        SELECT e.id, e.tenant, e.agent_id, e.ts, e.entry_ms, e.entry_seq,
          CASE WHEN e.type = 'agent.state' THEN e.fields ->> 'state' ELSE e.fields ->> 'agentState' END AS state
        FROM events e
        WHERE e.tenant = s.tenant AND e.agent_id = s.agent_id AND e.ts >= s.ts
          AND (e.type = 'agent.state' OR (e.fields ->> 'agentState') IS NOT NULL)
        OFFSET 0) e  -- OFFSET 0: kept as a per-agent index scan, never flattened into a join
      LEFT JOIN added a ON a.id = e.id),
  now_iv AS (
    SELECT tenant, agent_id, state, ts AS s,
      lead(ts) OVER (PARTITION BY tenant, agent_id ORDER BY ts, entry_ms, entry_seq) AS e, 1 AS sign
    FROM changes),
  before_iv AS (
    SELECT tenant, agent_id, state, ts AS s,
      lead(ts) OVER (PARTITION BY tenant, agent_id ORDER BY ts, entry_ms, entry_seq) AS e, -1 AS sign
    FROM changes WHERE NOT is_new)
  SELECT array_agg(tenant) AS t, array_agg(agent_id) AS a, array_agg(state) AS st, array_agg(s) AS s,
    array_agg(e) AS e, array_agg(sign) AS sg INTO d FROM (
    SELECT * FROM now_iv WHERE e IS NOT NULL
    UNION ALL
    SELECT * FROM before_iv WHERE e IS NOT NULL) iv;
  IF d.t IS NOT NULL THEN
    PERFORM agent_hours_add(d.t, d.a, d.st, d.s, d.e, d.sg);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER events_agent_hours AFTER INSERT ON events REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION agent_hours_events();

-- After each INSERT, UPDATE or DELETE of agent_legs (once per statement): the legs' sums added to (or, for old rows,
-- taken from) their agent's hour. The classification is Figures.LEG_AGGREGATES': keep them in step.
CREATE FUNCTION agent_hours_add_legs(legs agent_legs[], sign int) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('agent_hours'), hashtext(t.tenant))
    FROM (SELECT DISTINCT tenant FROM unnest(legs) ORDER BY tenant) t;
  INSERT INTO agent_hours AS h (tenant, agent_id, hour, offered, answered, rejected, missed, transfers, talk_ms,
      hold_ms, wrap_ms)
  SELECT l.tenant, l.agent_id, date_trunc('hour', l.offered_at, 'UTC'),
    sign * count(*),
    sign * count(*) FILTER (WHERE l.answered_at IS NOT NULL),
    sign * count(*) FILTER (WHERE l.outcome = 'rejected'),
    sign * count(*) FILTER (WHERE l.outcome = 'missed'),
    sign * count(*) FILTER (WHERE l.transferred),
    sign * coalesce(sum(l.talk_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0),
    sign * coalesce(sum(l.hold_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0),
    sign * coalesce(sum(l.wrap_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0)
  FROM unnest(legs) AS l
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (tenant, agent_id, hour) DO UPDATE SET
    offered = h.offered + EXCLUDED.offered,
    answered = h.answered + EXCLUDED.answered,
    rejected = h.rejected + EXCLUDED.rejected,
    missed = h.missed + EXCLUDED.missed,
    transfers = h.transfers + EXCLUDED.transfers,
    talk_ms = h.talk_ms + EXCLUDED.talk_ms,
    hold_ms = h.hold_ms + EXCLUDED.hold_ms,
    wrap_ms = h.wrap_ms + EXCLUDED.wrap_ms;
$$;

CREATE FUNCTION agent_hours_legs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM agent_hours_add_legs(ARRAY(SELECT o::agent_legs FROM old_legs o), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM agent_hours_add_legs(ARRAY(SELECT n::agent_legs FROM new_legs n), 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER agent_legs_hours_insert AFTER INSERT ON agent_legs REFERENCING NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION agent_hours_legs();
CREATE TRIGGER agent_legs_hours_update AFTER UPDATE ON agent_legs REFERENCING OLD TABLE AS old_legs
  NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION agent_hours_legs();
CREATE TRIGGER agent_legs_hours_delete AFTER DELETE ON agent_legs REFERENCING OLD TABLE AS old_legs
  FOR EACH STATEMENT EXECUTE FUNCTION agent_hours_legs();

-- The legs already stored.
INSERT INTO agent_hours AS h (tenant, agent_id, hour, offered, answered, rejected, missed, transfers, talk_ms,
    hold_ms, wrap_ms)
SELECT l.tenant, l.agent_id, date_trunc('hour', l.offered_at, 'UTC'), count(*),
  count(*) FILTER (WHERE l.answered_at IS NOT NULL),
  count(*) FILTER (WHERE l.outcome = 'rejected'),
  count(*) FILTER (WHERE l.outcome = 'missed'),
  count(*) FILTER (WHERE l.transferred),
  coalesce(sum(l.talk_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0),
  coalesce(sum(l.hold_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0),
  coalesce(sum(l.wrap_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0)
FROM agent_legs l GROUP BY 1, 2, 3;

-- The state history already stored (a database that had events before this migration).
SELECT agent_hours_add(array_agg(tenant), array_agg(agent_id), array_agg(state), array_agg(s), array_agg(e),
    array_agg(sign)) FROM (
  SELECT tenant, agent_id, state, s, e, 1 AS sign FROM (
    SELECT tenant, agent_id, ts AS s,
      CASE WHEN type = 'agent.state' THEN fields ->> 'state' ELSE fields ->> 'agentState' END AS state,
      lead(ts) OVER (PARTITION BY tenant, agent_id ORDER BY ts, entry_ms, entry_seq) AS e
    FROM events
    WHERE agent_id IS NOT NULL AND (type = 'agent.state' OR (fields ->> 'agentState') IS NOT NULL)) x
  WHERE e IS NOT NULL) iv;
