package io.switchboard.chat.customer;

/**
 * What a customer's socket may send (docs/chat.md, "The customer's socket"): one record per {@code type}, bound
 * strictly (an unknown, duplicate or wrongly typed field is an error naming it).
 */
final class CustomerVerbs {
  private CustomerVerbs() {}

  /** {@code start}: a new chat in the token's queue; name, email and language are optional. */
  record Start(String token, String name, String email, String language) {}

  /** {@code resume}: the chat this customer started, from after the last seq the page has (0: all). */
  record Resume(String token, String chatId, Integer afterSeq) {}

  /** {@code send}: a line (plain text). */
  record Send(String text) {}

  /** {@code typing}: the customer is typing. */
  record Typing() {}

  /** {@code end}: the customer closes the chat. */
  record End() {}
}
