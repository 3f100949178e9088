package io.switchboard.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Chats and their transcripts in the store of record, each chat with its interaction row (channel {@code chat}).
 * Blocking (JDBC): call it only on worker threads. Every method is of one tenant; a chat of another tenant is
 * {@link ChatException} {@code not-found}, as a missing one.
 */
public interface ChatStore {
  /** The longest search page. */
  int MAX_PAGE = 100;

  /** What the customer gave when starting a chat (name, email and language may be null). */
  record NewChat(String queue, String origin, String customer, String customerName, String customerEmail, String language) {}

  /** A chat whose transcript matched a search, with the first matching line. */
  record Hit(Chat chat, ChatMessage line) {}

  /** Creates a chat ({@link ChatStatus#BOT}, no lines) and its open interaction, arrived at {@code at}. */
  Chat start(String tenant, NewChat chat, Instant at);

  Optional<Chat> get(String tenant, String chatId);

  /** A stored line and its chat right after it (one transaction: no second read). */
  record Appended(Chat chat, ChatMessage line) {}

  /**
   * Appends a line (seq = the chat's last + 1); {@code ended} when the chat has ended. A line {@code from} {@code
   * agent} is refused ({@code not-yours}) unless {@code agentId} works on the chat now: checked under the chat's row
   * lock, so an agent's line and a transfer or end never cross. A whisper ({@link ChatMessage#staffOnly}) is stored
   * with visibility {@code staff}.
   */
  Appended append(String tenant, String chatId, String from, String agentId, String text, Instant at);

  /** Up to {@code limit} lines after seq {@code afterSeq}, in order (whispers included: for staff). */
  List<ChatMessage> lines(String tenant, String chatId, int afterSeq, int limit);

  /** As {@link #lines} without the lines only staff may see (whispers): what a customer or the bot may get. */
  List<ChatMessage> customerLines(String tenant, String chatId, int afterSeq, int limit);

  /** The chats not ended (bot, queued, connected), oldest first, at most {@code limit}. */
  List<Chat> live(String tenant, int limit);

  /** The chat waits for an agent (handed over by the bot with {@code reason}, or null; or transferred). */
  Chat queued(String tenant, String chatId, String reason, boolean transfer);

  /** Agent {@code agentId} took the chat at {@code at}: the first answer is the interaction's. */
  Chat connected(String tenant, String chatId, String agentId, Instant at);

  /**
   * Ends the chat (idempotent: an ended chat is returned unchanged). {@code by}: customer, agent, bot, timeout or
   * system. The interaction's outcome: answered when an agent took it, contained when the bot closed it, else
   * abandoned.
   */
  Chat end(String tenant, String chatId, String by, String disposition, Instant at);

  /** Chats whose transcript has every word of {@code text}, newest first; {@code agentId} non-null: only its own. */
  List<Hit> search(String tenant, String text, String agentId, int limit);
}
