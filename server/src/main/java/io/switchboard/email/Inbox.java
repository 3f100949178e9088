package io.switchboard.email;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.time.Duration;

/**
 * One poll of a mailbox over IMAP: the folder's unseen messages, oldest first, each handed to a {@link Taker} and
 * marked seen only when it says the message is stored (so a crash or a failure between reading and storing loses
 * nothing: the message stays unseen and the next poll takes it again; the store de-duplicates by Message-ID).
 * Blocking: call it on a worker thread.
 */
final class Inbox {
  /** Stores one message; true when it is stored (then it is marked seen). May throw: the message stays unseen. */
  interface Taker {
    boolean take(MimeMessage m) throws Exception;
  }

  /** What a poll did: messages taken (marked seen) and failed (left unseen). */
  record Polled(int taken, int failed) {}

  private final Duration timeout;

  Inbox(Duration timeout) {
    this.timeout = timeout;
  }

  /** Polls {@code m}'s folder; at most {@code max} messages. Fails (nothing taken) when the mailbox is unreachable. */
  Polled poll(MailboxSettings m, int max, Taker taker, org.slf4j.Logger log) throws MessagingException {
    Store store = MailSessions.imap(m, timeout).getStore(MailSessions.imapProtocol(m));
    store.connect(m.imapHost(), m.imapPort(), m.user(), m.password());
    try {
      Folder folder = store.getFolder(m.folder());
      if (!folder.exists()) {
        throw new MessagingException("folder '" + m.folder() + "' does not exist");
      }
      folder.open(Folder.READ_WRITE);
      try {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        int taken = 0;
        int failed = 0;
        for (int i = 0; i < unseen.length && taken + failed < max; i++) {
          try {
            if (taker.take((MimeMessage) unseen[i])) {
              unseen[i].setFlag(Flags.Flag.SEEN, true);
              taken++;
            } else {
              failed++;
            }
          } catch (Exception e) {  // this message only: the others are still taken
            failed++;
            log.warn("email.message-failed mailbox={} number={} error={}", m, unseen[i].getMessageNumber(),
                e.toString());
          }
        }
        return new Polled(taken, failed);
      } finally {
        folder.close(false);
      }
    } finally {
      store.close();
    }
  }
}
