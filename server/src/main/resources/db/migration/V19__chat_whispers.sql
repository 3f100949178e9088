-- Supervisors watching chats (docs/chat.md, "Supervisors watching"): a watching supervisor's whisper to the agent is
-- a line of the transcript (sender 'supervisor', agent_id the supervisor's user id) that only staff may see.
-- visibility: 'all' (the customer, the agents and the staff: every line before) | 'staff' (never sent to the customer,
-- never returned by the customer's resume, never given to the chat bot).
ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_sender_check;
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_sender_check
  CHECK (sender IN ('customer', 'agent', 'bot', 'system', 'supervisor'));
ALTER TABLE chat_messages ADD COLUMN visibility text NOT NULL DEFAULT 'all' CHECK (visibility IN ('all', 'staff'));
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_whisper_staff CHECK (sender <> 'supervisor' OR visibility = 'staff');

-- the wallboard's list of chats in progress (GET /api/v1/live-chats)
CREATE INDEX chats_tenant_live ON chats (tenant, started_at) WHERE status <> 'ended';
