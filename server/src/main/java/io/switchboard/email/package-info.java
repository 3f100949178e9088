/**
 * E-mail queues (docs/email.md): each e-mail queue's mailbox polled over IMAP ({@link io.switchboard.email.Inbox}),
 * each new message stored once by its Message-ID as a line of a chat with origin {@code email}
 * ({@link io.switchboard.email.EmailStore}) and routed by the chat ACD; agents' replies sent over SMTP
 * ({@link io.switchboard.email.MailSender}). {@link io.switchboard.email.MailboxPoller} runs the polls on worker
 * threads, never on an event loop.
 */
package io.switchboard.email;
