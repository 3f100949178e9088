package io.switchboard.sip.transaction;

import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.SipOptions;

/**
 * A server transaction (RFC 3261 §17.2): absorbs retransmitted requests (answering them with the last
 * response), retransmits a final response on UDP until acknowledged, and tells the TU nothing twice.
 *
 * <pre>
 * INVITE (§17.2.1, RFC 6026 §7.1)                         non-INVITE (§17.2.2)
 *
 *   PROCEEDING -- 100 after trying-delay, 1xx from TU        TRYING --1xx--> PROCEEDING
 *     |  INVITE again: resend last response                    |  request again: absorbed / resend 1xx
 *     |--2xx--> ACCEPTED: resend 2xx T1..T2 on UDP until       |--final----------+--> COMPLETED
 *     |         the ACK (§13.3.1.4); L (64*T1) -> TERMINATED                          | request again: resend
 *     |--300-699--> COMPLETED: G resend T1..T2 (UDP)                                  | J (64*T1 UDP/0 TCP)
 *                   | ACK --> CONFIRMED --I (T4 UDP/0 TCP)--> TERMINATED              v
 *                   | H (64*T1): TU told, TERMINATED                              TERMINATED
 * </pre>
 * The 2xx retransmission is the UAS core's duty in §13.3.1.4; it lives here because this object
 * already has the timers and the ACK matching. A non-INVITE the TU never answers is dropped after
 * 64*T1 (the client gave up at Timer F by then) so nothing leaks.
 *
 * <p>Threading: confined to the transport's event loop; call {@link #respond} there.
 */
public final class ServerTransaction {
  /** The states of both machines above. */
  public enum State { TRYING, PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

  private final TransactionLayer layer;
  private final SipRequest request;
  private final Destination source;
  private final String key;
  private final boolean invite;
  private final String localTag = SipIds.tag();
  private volatile State state; // read off the loop by TransactionLayer.describeServers
  private SipResponse last;
  private long interval;
  private long retransmitTimer = -1;
  private long timeoutTimer = -1;
  private long tryingTimer = -1;
  private String ackKey;
  private boolean acked;

  ServerTransaction(TransactionLayer layer, SipRequest request, Destination source, String key) {
    this.layer = layer;
    this.request = request;
    this.source = source;
    this.key = key;
    this.invite = request.isMethod("INVITE");
    this.state = invite ? State.PROCEEDING : State.TRYING;
  }

  public SipRequest request() {
    return request;
  }

  /** Where the request came from (its transport and remote address). */
  public Destination source() {
    return source;
  }

  public State state() {
    return state;
  }

  /** Has a final response been sent? */
  public boolean answered() {
    return last != null && !last.provisional();
  }

  /**
   * A tag for the To header of this transaction's responses, the same for all of them (§8.2.6.2,
   * §12.1.1: it becomes the local tag of the dialog).
   */
  public String localTag() {
    return localTag;
  }

  /** A response to the request with {@link #localTag()} in To (none on a 100), per §8.2.6. */
  public SipResponse createResponse(int status) {
    return SipResponses.create(request, status, SipResponses.reason(status), localTag);
  }

  /** Sends {@code status} built by {@link #createResponse}. */
  public void respond(int status) {
    respond(createResponse(status));
  }

  /**
   * Sends a response. A second final response, or any response after the transaction ended, is
   * ignored (§17.2.1: the TU may not send more than one).
   */
  public void respond(SipResponse response) {
    if (state == State.TERMINATED || answered()) {
      return;
    }
    cancel(tryingTimer);
    tryingTimer = -1;
    last = response;
    send(response);
    if (response.provisional()) {
      state = State.PROCEEDING;
      return;
    }
    cancel(timeoutTimer);
    SipOptions o = layer.options();
    boolean udp = !source.protocol().reliable();
    if (invite && response.status() < 300) {
      state = State.ACCEPTED;
      ackKey = layer.awaitAck(this, response);
      retransmitFinal(udp, o);
      timeoutTimer = layer.timers().schedule(o.timeoutMs(), this::ackTimeout); // Timer L (and §13.3.1.4)
    } else if (invite) {
      state = State.COMPLETED;
      retransmitFinal(udp, o); // Timer G
      timeoutTimer = layer.timers().schedule(o.timeoutMs(), this::ackTimeout); // Timer H
    } else {
      state = State.COMPLETED;
      after(udp ? o.timeoutMs() : 0); // Timer J
    }
  }

  private void retransmitFinal(boolean udp, SipOptions o) {
    if (udp) {
      interval = o.t1Ms();
      retransmitTimer = layer.timers().schedule(interval, this::retransmit);
    }
  }

  void start() {
    SipOptions o = layer.options();
    if (invite) {
      if (o.tryingDelayMs() == 0) {
        respond(SipResponses.create(request, 100));
      } else {
        tryingTimer = layer.timers().schedule(o.tryingDelayMs(), () -> { // §17.2.1: 200 ms
          tryingTimer = -1;
          if (last == null) {
            respond(SipResponses.create(request, 100));
          }
        });
      }
    } else {
      timeoutTimer = layer.timers().schedule(o.timeoutMs(), this::unanswered);
    }
  }

  /** The same request again (§17.2.1, §17.2.2): resend the last response, if any. */
  void retransmitted() {
    if (last != null && state != State.CONFIRMED && state != State.TERMINATED) {
      send(last);
    }
  }

  /** An ACK matching this INVITE transaction (§17.2.1): non-2xx ACKed, or the 2xx's ACK via the dialog. */
  void ack() {
    if (state == State.COMPLETED) {
      cancelTimers();
      state = State.CONFIRMED;
      after(source.protocol().reliable() ? 0 : layer.options().t4Ms()); // Timer I
    } else if (state == State.ACCEPTED) {
      acked = true;
      cancel(retransmitTimer); // the 2xx arrived; Timer L keeps absorbing INVITE copies
      retransmitTimer = -1;
    }
  }

  String key() {
    return key;
  }

  String ackKey() {
    return ackKey;
  }

  boolean isInvite() {
    return invite;
  }

  private void retransmit() {
    retransmitTimer = -1;
    if (state != State.COMPLETED && state != State.ACCEPTED) {
      return;
    }
    send(last);
    interval = Math.min(interval * 2, layer.options().t2Ms()); // Timer G; §13.3.1.4 for the 2xx
    retransmitTimer = layer.timers().schedule(interval, this::retransmit);
  }

  private void ackTimeout() {
    timeoutTimer = -1;
    boolean noAck = state == State.COMPLETED || (state == State.ACCEPTED && !acked);
    terminate();
    if (noAck) {
      layer.tu().onServerTimeout(this);
    }
  }

  private void unanswered() {
    timeoutTimer = -1;
    if (!answered()) {
      terminate();
    }
  }

  private void after(long ms) {
    if (ms == 0) {
      terminate();
    } else {
      timeoutTimer = layer.timers().schedule(ms, this::terminate);
    }
  }

  private void send(SipResponse r) {
    layer.transport().sendResponse(r, source); // a lost response is recovered by the peer's retransmission
  }

  private void terminate() {
    if (state == State.TERMINATED) {
      return;
    }
    cancelTimers();
    state = State.TERMINATED;
    layer.removeServer(this);
  }

  private void cancelTimers() {
    cancel(retransmitTimer);
    cancel(timeoutTimer);
    cancel(tryingTimer);
    retransmitTimer = -1;
    timeoutTimer = -1;
    tryingTimer = -1;
  }

  private void cancel(long id) {
    if (id >= 0) {
      layer.timers().cancel(id);
    }
  }
}
