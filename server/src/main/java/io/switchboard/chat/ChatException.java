package io.switchboard.chat;

/**
 * A chat request that cannot be done: {@link #code} says why ({@code not-found}, {@code ended}, {@code invalid}),
 * {@link #field} names the part of the input at fault (or null). Nothing was changed.
 */
public final class ChatException extends RuntimeException {
  private final String code;
  private final String field;

  public ChatException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  static ChatException notFound(String chatId) {
    return new ChatException("not-found", "chatId", "no such chat '" + chatId + "'");
  }

  /** An agent's request about a chat it does not work on now (agents see only their own chats). */
  static ChatException notYours(String chatId) {
    return new ChatException("not-yours", "chatId", "chat '" + chatId + "' is not yours");
  }

  static ChatException ended(String chatId) {
    return new ChatException("ended", "chatId", "chat '" + chatId + "' has ended");
  }
}
