/**
 * The customer's side of chat (docs/chat.md): the public token route a website's widget asks for a short-lived
 * customer token ({@link io.switchboard.chat.customer.CustomerTokenRoute}, checked against the chat queue's widget
 * origins) and the customer WebSocket ({@link io.switchboard.chat.customer.CustomerSockets}) with its strict verbs.
 * Depends on {@code chat} and {@code directory}; nothing depends on it but the node.
 */
package io.switchboard.chat.customer;
