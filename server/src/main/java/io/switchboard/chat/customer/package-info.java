/**
 * The customer's side of chat (docs/chat.md): the customer WebSocket
 * ({@link io.switchboard.chat.customer.CustomerSockets}) with its strict verbs; the token it needs comes from the
 * public route {@code io.switchboard.api.CustomerTokenRoute}.
 * Depends on {@code chat} and {@code directory}; nothing depends on it but the node.
 */
package io.switchboard.chat.customer;
