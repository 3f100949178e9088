package io.switchboard.email;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * E-mail conversations in the store of record (V22__email.sql): each message, in or out, by its Message-ID, as a
 * line of a chat with origin {@code email} whose interaction's channel is {@code email}. Blocking (JDBC): call it on
 * worker threads only.
 */
public interface EmailStore {
  /** The origin of an e-mail conversation's chat (chats.origin). */
  String ORIGIN = "email";

  /**
   * What storing an inbound message did.
   *
   * @param chatId the conversation it is (or already was) a line of
   * @param seq its line (0 for a duplicate)
   * @param newChat a new conversation: to be routed
   * @param duplicate the Message-ID was stored before: nothing changed
   */
  record Stored(String chatId, int seq, boolean newChat, boolean duplicate) {}

  /**
   * Stores a message polled from {@code queue}'s mailbox, in one transaction: nothing when its Message-ID is stored
   * already; else a line of the conversation it answers (one of {@link InboundMail#references} is a message of a
   * chat not ended whose customer is the same address), else a new conversation, queued in {@code queue}.
   */
  Stored inbound(String tenant, String queue, InboundMail mail, Instant now);

  /** What a reply needs: whom to, the subject, the message it answers and that message's references (oldest first). */
  record Thread(String customerAddress, String subject, String lastMessageId, List<String> references) {}

  /** The conversation's newest inbound message, or empty when {@code chatId} is not an e-mail conversation. */
  Optional<Thread> thread(String tenant, String chatId);

  /** Records a reply sent for line {@code seq} of the conversation, so the customer's answer to it finds it. */
  void sent(String tenant, String chatId, int seq, String messageId, String from, String subject, List<String> refs,
      Instant at);
}
