-- How each chat a bot answered ended (io.switchboard.chat.bot; docs/chat-bot.md): written by the bot itself when it
-- closes the chat (contained), hands it to an agent (handover, with the reason) or the customer leaves before any
-- answer (left). One row per chat: a chat's outcome is recorded once, the first time.
CREATE TABLE chat_bot_outcomes (
  tenant     text NOT NULL,
  chat_id    text NOT NULL,
  bot_id     text NOT NULL,
  queue_id   text NOT NULL,
  outcome    text NOT NULL CHECK (outcome IN ('contained', 'handover', 'left')),
  reason     text,                 -- handover only: asked, unsure, failed-twice, webhook-failed
  turns      integer NOT NULL,     -- customer messages the bot answered, this one included
  ended_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant, chat_id),
  CHECK ((outcome = 'handover') = (reason IS NOT NULL))
);

CREATE INDEX chat_bot_outcomes_by_time ON chat_bot_outcomes (tenant, ended_at);
