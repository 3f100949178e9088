package io.switchboard.chat;

import java.time.Instant;

/**
 * One line of a chat's transcript, as sent: plain text, which every client renders as text, never as markup.
 *
 * @param seq its place in the chat, from 1 (a resuming client asks for the lines after the last seq it has)
 * @param from {@code customer}, {@code agent}, {@code bot} or {@code system}
 * @param agentId the agent who wrote it (from {@code agent}), else null; never shown to the customer
 */
public record ChatMessage(String chatId, int seq, String from, String agentId, String text, Instant at) {}
