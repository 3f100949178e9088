-- Quality evaluations (docs/quality.md): a supervisor's, manager's, admin's or team leader's scoring of one agent's
-- part in one interaction against a scorecard (directory kind 'scorecard').
-- scorecard: the scorecard document as it was when the evaluation was made (scorecard_version: its directory
--   version), so editing the scorecard never changes a past evaluation; answers: {questionId: "yes"|"no"|"na"|n}.
-- score: percent 0..100 (0 when failed); raw_score: what the answers were worth before a critical failure.
-- acknowledged_at: when the agent acknowledged it (once), ack_comment its optional comment.
CREATE TABLE evaluations (
  tenant            text        NOT NULL,
  id                text        NOT NULL,
  call_id           text        NOT NULL,
  recording_id      text,
  agent_id          text        NOT NULL,
  queue             text,
  scorecard_id      text        NOT NULL,
  scorecard_version bigint      NOT NULL,
  scorecard         jsonb       NOT NULL,
  answers           jsonb       NOT NULL,
  score             numeric(5,2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  raw_score         numeric(5,2) NOT NULL CHECK (raw_score BETWEEN 0 AND 100),
  failed            boolean     NOT NULL,
  comment           text,
  evaluator         text        NOT NULL,
  created_at        timestamptz NOT NULL,
  acknowledged_at   timestamptz,
  ack_comment       text,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX evaluations_agent ON evaluations (tenant, agent_id, created_at);
CREATE INDEX evaluations_queue ON evaluations (tenant, queue, created_at);
CREATE INDEX evaluations_call ON evaluations (tenant, call_id);
