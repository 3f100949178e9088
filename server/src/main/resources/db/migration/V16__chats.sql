-- Chats (io.switchboard.chat, docs/chat.md): a customer's conversation from the tenant's website widget. A chat is an
-- interaction: its row in interactions (call_id = the chat id, chat-<uuid>; channel 'chat') is written by the chat
-- store itself, never by the event projection (the chat ACD's events carry chatId, not callId), and the chat and its
-- transcript hang off that row, so the retention purge of interactions removes them too (ON DELETE CASCADE).

-- the kind of work item: voice (calls, the default of every existing row) or chat
ALTER TABLE interactions ADD COLUMN channel text NOT NULL DEFAULT 'voice';
CREATE INDEX interactions_tenant_channel_arrived ON interactions (tenant, channel, arrived_at);

CREATE TABLE chats (
  tenant          text        NOT NULL,
  chat_id         text        NOT NULL,
  queue           text        NOT NULL,             -- the queue it was started in (a chat queue)
  origin          text        NOT NULL,             -- the web origin of the page the widget ran on
  customer        text        NOT NULL,             -- the subject of the customer's token: who may resume it
  customer_name   text,
  customer_email  text,
  language        text,
  -- bot (answered by the bot, not yet handed to the ACD) | queued | connected (an agent has it) | ended
  status          text        NOT NULL CHECK (status IN ('bot', 'queued', 'connected', 'ended')),
  agent_id        text,                             -- the agent working on it now (or last)
  handover_reason text,                             -- why the bot handed it over, when it did
  disposition     text,                             -- the agent's disposition when it ended it
  -- customer | agent | bot (contained) | timeout | system
  ended_by        text,
  last_seq        integer     NOT NULL DEFAULT 0,   -- the seq of its newest message
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  PRIMARY KEY (tenant, chat_id),
  FOREIGN KEY (tenant, chat_id) REFERENCES interactions (tenant, call_id) ON DELETE CASCADE
);
CREATE INDEX chats_tenant_agent ON chats (tenant, agent_id, started_at);

-- The transcript: every line in order (seq from 1), as sent (plain text; clients render it as text).
CREATE TABLE chat_messages (
  tenant     text        NOT NULL,
  chat_id    text        NOT NULL,
  seq        integer     NOT NULL,
  -- customer | agent | bot | system
  sender     text        NOT NULL CHECK (sender IN ('customer', 'agent', 'bot', 'system')),
  agent_id   text,                                  -- the agent who wrote it (sender agent)
  body       text        NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (tenant, chat_id, seq),
  FOREIGN KEY (tenant, chat_id) REFERENCES chats (tenant, chat_id) ON DELETE CASCADE
);
-- the transcript search (GET /api/v1/chats?q=): words in any language, so the 'simple' configuration
CREATE INDEX chat_messages_body ON chat_messages USING gin (to_tsvector('simple', body));
