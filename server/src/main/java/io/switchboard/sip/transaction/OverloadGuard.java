package io.switchboard.sip.transaction;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Sheds new calls while the SIP event loop runs behind: an INVITE that would open a dialog gets 503 with
 * Retry-After (RFC 3261 §21.5.4) so a trunk tries another node, while everything else — ACK, BYE, CANCEL,
 * re-INVITE and other in-dialog requests, OPTIONS — still goes to call control. The calls already up keep their
 * signaling, and the work a new call brings (ACD, media, ICE, DTLS) stops adding to the backlog.
 *
 * <p>Why the loop's lag and not a calls-per-second cap: what a node can set up per second depends on its cores,
 * how warm its JIT is and what else runs on it. A cold 2-core node offered 50 calls/s answered OPTIONS 4.8 s late
 * and retransmitted its 200s because ACKs were read seconds after they arrived (docs/benchmarks.md, "SIP overload control"). A
 * timer on the loop notes how late the loop runs, and each tick also sends a probe datagram through the SIP socket
 * to itself ({@code probe}): the probe is read behind whatever queued in the socket, so its wait is what a message
 * waits (the loop reads a few datagrams per turn and keeps its timers on time while messages queue: measured, a
 * 5.9 s backlog with every tick on time). A tick more than {@code maxWaitMs} late, a probe that waited longer, or
 * one still unread after that long, marks the node overloaded until Retry-After seconds later.
 *
 * <p>Threading: the {@link TransactionUser} contract (the transport's event loop), ticks included. The clock
 * ({@code nanos}, monotonic) and the timers are injected so tests drive both.
 */
public final class OverloadGuard extends ForwardingTransactionUser {
  /** How often the loop is probed. Short enough to notice a stall soon, long enough to cost nothing. */
  static final long TICK_MS = 100;

  private final Timers timers;
  private final LongConsumer probe;
  /** Send times of probes not read yet, oldest first (they come back in order; a later one means older were lost). */
  private final ArrayDeque<Long> unread = new ArrayDeque<>();
  /** Set by the first probe read: until then probes are not trusted (a host that drops them must not look late). */
  private boolean probesArrive;
  private final LongSupplier nanos;
  private final long maxWaitNanos;
  private final long holdNanos;
  private final int retryAfterSeconds;
  private long expectedNanos;
  private long overloadedUntilNanos;
  private volatile boolean overloaded; // read by the metrics scrape too
  private volatile long shed; // written on the loop only
  private long tickId = -1;
  private boolean stopped;

  /**
   * @param maxWaitMs a tick or a probe later than this marks the node overloaded (positive; sip.overload.max-wait-ms)
   * @param retryAfterSeconds the Retry-After of the 503; the node also stays overloaded that long after a late tick
   * @param probe sends a probe stamped with the given nanos through the SIP socket; {@link #probeRead} gets it back
   */
  public OverloadGuard(TransactionUser next, Timers timers, LongSupplier nanos, long maxWaitMs, int retryAfterSeconds,
      LongConsumer probe) {
    super(next);
    this.probe = probe;
    if (maxWaitMs <= 0 || retryAfterSeconds <= 0) {
      throw new IllegalArgumentException("maxWaitMs and retryAfterSeconds must be positive");
    }
    this.timers = timers;
    this.nanos = nanos;
    this.maxWaitNanos = maxWaitMs * 1_000_000;
    this.holdNanos = retryAfterSeconds * 1_000_000_000L;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Starts probing the loop; on the loop. */
  public void start() {
    long now = nanos.getAsLong();
    overloadedUntilNanos = now; // not 0: a monotonic clock may be negative
    expectedNanos = now + TICK_MS * 1_000_000;
    tickId = timers.schedule(TICK_MS, this::tick);
  }

  /** Stops probing; on the loop. */
  public void stop() {
    stopped = true;
    timers.cancel(tickId);
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = nanos.getAsLong();
    Long oldest = unread.peekFirst();
    if (now - expectedNanos > maxWaitNanos || probesArrive && oldest != null && now - oldest > maxWaitNanos) {
      overloadedUntilNanos = now + holdNanos;
    }
    overloaded = now - overloadedUntilNanos < 0;
    expectedNanos = now + TICK_MS * 1_000_000;
    if (unread.size() < 1000) { // 100 s of probes: past that they are being lost, and the oldest still counts
      unread.addLast(now);
      probe.accept(now);
    }
    tickId = timers.schedule(TICK_MS, this::tick);
  }

  /** A probe sent at {@code sentNanos} was read off the SIP socket; on the loop. */
  public void probeRead(long sentNanos) {
    long now = nanos.getAsLong();
    probesArrive = true;
    while (!unread.isEmpty() && unread.peekFirst() - sentNanos <= 0) {
      unread.pollFirst();
    }
    if (now - sentNanos > maxWaitNanos) {
      overloadedUntilNanos = now + holdNanos;
      overloaded = true;
    }
  }

  /** Whether new calls are being refused now. */
  public boolean overloaded() {
    return overloaded;
  }

  /** New calls refused since start. */
  public long shed() {
    return shed;
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest r = tx.request();
    if (overloaded && r.isMethod("INVITE") && r.to().tag().isEmpty()) { // no To tag: a new dialog
      shed++;
      SipResponse busy = tx.createResponse(503);
      tx.respond(busy.withHeaders(busy.headers().with("Retry-After", Integer.toString(retryAfterSeconds))));
      return;
    }
    next.onRequest(tx);
  }
}
