-- Cases (tickets; io.switchboard.cases, docs/cases.md): a customer's request kept until it is closed, owned by an
-- agent or waiting in a department's (a queue's) backlog, with every change in case_history.
CREATE TABLE cases (
  tenant        text        NOT NULL,
  id            bigserial   NOT NULL,
  version       bigint      NOT NULL DEFAULT 1,          -- the API's ETag and If-Match
  subject       text        NOT NULL,
  description   text,
  status        text        NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
  priority      text        NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  department    text        NOT NULL,                    -- a queue id of the tenant's directory
  owner         text,                                    -- an agent id; null: in the department's backlog
  customer_id   uuid,                                    -- customers(id), when known
  due_at        timestamptz NOT NULL,                    -- from the priority when created or re-prioritised
  escalations   integer     NOT NULL DEFAULT 0,          -- how many times it went to a superior
  breach_handled boolean    NOT NULL DEFAULT false,      -- its due time passed and that was acted on
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX cases_tenant_department ON cases (tenant, department, status, id);
CREATE INDEX cases_tenant_owner ON cases (tenant, owner, status, id);
CREATE INDEX cases_tenant_customer ON cases (tenant, customer_id, id);
CREATE INDEX cases_due ON cases (due_at) WHERE status IN ('new', 'open', 'pending') AND NOT breach_handled;

-- The interactions (call ids) a case is about.
CREATE TABLE case_interactions (
  tenant     text        NOT NULL,
  case_id    bigint      NOT NULL,
  call_id    text        NOT NULL,
  linked_by  text        NOT NULL,
  linked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, case_id, call_id),
  FOREIGN KEY (tenant, case_id) REFERENCES cases (tenant, id) ON DELETE CASCADE
);
CREATE INDEX case_interactions_call ON case_interactions (tenant, call_id);

-- Every change: who (an agent id, or "system" for a due time that escalated by itself), when, what.
CREATE TABLE case_history (
  tenant   text        NOT NULL,
  case_id  bigint      NOT NULL,
  seq      bigserial   NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text        NOT NULL,
  action   text        NOT NULL,                          -- created, updated, forwarded, escalated, linked, ...
  changes  jsonb       NOT NULL DEFAULT '{}',              -- field -> {"from": ..., "to": ...}
  note     text,
  PRIMARY KEY (tenant, case_id, seq),
  FOREIGN KEY (tenant, case_id) REFERENCES cases (tenant, id) ON DELETE CASCADE
);
