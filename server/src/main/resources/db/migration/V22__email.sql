-- E-mail queues (io.switchboard.email, docs/email.md): each message polled from a queue's mailbox, and each reply
-- sent, is a row here keyed by its Message-ID, so a re-poll never makes a second work item and a customer's reply
-- (In-Reply-To / References naming one of these) joins the conversation it answers. An e-mail conversation is a chat
-- (chats.origin 'email', its interaction's channel 'email'); its lines are the messages' text.

CREATE TABLE email_messages (
  tenant       text        NOT NULL,
  message_id   text        NOT NULL,             -- the Message-ID header, without angle brackets
  chat_id      text        NOT NULL,             -- the conversation it belongs to
  direction    text        NOT NULL CHECK (direction IN ('in', 'out')),
  seq          integer     NOT NULL,             -- its line in the chat's transcript
  from_address text        NOT NULL,
  subject      text        NOT NULL,
  refs         text        NOT NULL DEFAULT '',  -- its References (space-separated Message-IDs, oldest first)
  at           timestamptz NOT NULL,
  PRIMARY KEY (tenant, message_id),
  FOREIGN KEY (tenant, chat_id) REFERENCES chats (tenant, chat_id) ON DELETE CASCADE
);
CREATE INDEX email_messages_chat ON email_messages (tenant, chat_id, seq);
