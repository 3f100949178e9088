-- Agent state history. An agent's state changes are recorded by agent.state events (field "state") and, when the
-- change is part of a call step, by that call event (field "agentState": call.reserved → reserved, call.accepted →
-- on-call, call.ended / call.transferred → wrap-up, call.rejected / call.revoked → away or offline), which then has
-- no agent.state of its own. agent_state is that state, whichever event carried it; the history is the sequence of
-- these events of one agent in stream order, each state lasting until the next (LEAD over this index, which finds
-- an agent's state events in a time range).
ALTER TABLE events ADD COLUMN agent_state text GENERATED ALWAYS AS (
  CASE WHEN type = 'agent.state' THEN fields ->> 'state' ELSE fields ->> 'agentState' END) STORED;
CREATE INDEX events_tenant_agent_states ON events (tenant, agent_id, ts)
  WHERE agent_state IS NOT NULL;
