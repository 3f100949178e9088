-- A tenant's own prompts (io.switchboard.prompts): recordings that replace a shipped phrase in one language for that
-- tenant's callers. The audio is what callers hear, already converted: 8 kHz mono G.711 µ-law, headerless.
CREATE TABLE tenant_prompts (
  tenant      text        NOT NULL,
  language    text        NOT NULL,
  name        text        NOT NULL,
  ulaw        bytea       NOT NULL,
  updated_at  timestamptz NOT NULL,
  -- the user (or service token) that uploaded it
  updated_by  text        NOT NULL,
  PRIMARY KEY (tenant, language, name)
);
