-- The cases waiting in a department's backlog (no owner, new or open: docs/cases.md, "Offered to agents"), walked in
-- (tenant, id) order by every node's backlog sync, which tells the ACD again where each belongs.
CREATE INDEX cases_backlog ON cases (tenant, id) WHERE owner IS NULL AND status IN ('new', 'open');
