package io.switchboard.chat;

/**
 * Who is told what happens in a chat: the customer's socket and the agent's (signaling), registered with
 * {@link ChatService#listen}. Called on any thread after the change is stored; must not block.
 *
 * <p>An event another node produced ({@link ChatBusRelay}) carries a {@link Chat} with only its tenant, id, status,
 * agent and {@code endedBy} (the rest null, {@code lastSeq} 0): what the listeners' rules need, no more.
 */
public interface ChatListener {
  /** Tells nobody. */
  ChatListener NONE = new ChatListener() {
    @Override
    public void line(String tenant, Chat chat, ChatMessage line) {}

    @Override
    public void ended(String tenant, Chat chat) {}

    @Override
    public void joined(String tenant, Chat chat) {}

    @Override
    public void typing(String tenant, Chat chat, String from) {}
  };

  /** A new line of the chat (every line, also the listener's own, so each side shows the stored seq). */
  void line(String tenant, Chat chat, ChatMessage line);

  /** The chat ended ({@code chat.endedBy} says who ended it). */
  void ended(String tenant, Chat chat);

  /** An agent took the chat ({@code chat.agentId}); the customer is told the agent's display name at most. */
  void joined(String tenant, Chat chat);

  /** {@code from} ({@code customer} or {@code agent}) is typing; nothing is stored. */
  void typing(String tenant, Chat chat, String from);

  /**
   * A watching supervisor whispered to the chat's agent ({@link ChatMessage#staffOnly}: from {@code supervisor},
   * {@code agentId} the supervisor). Never passed to {@link #line}: a listener that does not override this (the
   * customer's sockets) never sees a whisper.
   */
  default void whisper(String tenant, Chat chat, ChatMessage line) {}
}
