package io.switchboard.sip.transaction;

import io.switchboard.sip.CSeq;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Consumer;

/**
 * A client transaction (RFC 3261 §17.1): sends a request, retransmits it on UDP, and delivers its
 * final response once through {@link #response()} (provisionals through {@link #onProvisional}).
 *
 * <pre>
 * INVITE (§17.1.1, RFC 6026 §7.2)               non-INVITE (§17.1.2)
 *
 *   CALLING --1xx--> PROCEEDING                    TRYING --1xx--> PROCEEDING
 *     | A: resend, A*=2   | 1xx: pass up             | E: resend, min(2E,T2)  | E: resend every T2
 *     | B: 408            |                          | F: 408                 | F: 408
 *     |---300-699---------+--> COMPLETED             |---final----------------+--> COMPLETED
 *     |   (ACK sent, pass up)   | D (64*T1 UDP/0 TCP)      (pass up)                  | K (T4 UDP/0 TCP)
 *     |                         v                                                   v
 *     |---2xx------------> ACCEPTED --M (64*T1)--> TERMINATED                   TERMINATED
 *         (pass up; later 2xx go to the TU as stray responses)
 * </pre>
 * A transport error ends it with a synthesised 503 (§8.1.3.1), a timeout with 408 (§17.1.1.2).
 *
 * <p>Threading: confined to the transport's event loop; callbacks run there.
 */
public final class ClientTransaction {
  /** The states of both machines above. */
  public enum State { CALLING, TRYING, PROCEEDING, ACCEPTED, COMPLETED, TERMINATED }

  private final TransactionLayer layer;
  private final SipRequest request;
  private final Destination destination;
  private final String key;
  private final boolean invite;
  private final Promise<SipResponse> result = Promise.promise();
  private Consumer<SipResponse> provisional = r -> {};
  private State state;
  private long interval;
  private long retransmitTimer = -1;
  private long timeoutTimer = -1;
  private SipRequest ack;

  ClientTransaction(TransactionLayer layer, SipRequest request, Destination destination, String key) {
    this.layer = layer;
    this.request = request;
    this.destination = destination;
    this.key = key;
    this.invite = request.isMethod("INVITE");
    this.state = invite ? State.CALLING : State.TRYING;
  }

  /** The request as sent: top Via stamped by the transport (a CANCEL or ACK copies it, §9.1). */
  public SipRequest request() {
    return request;
  }

  /** Where it went, with the transport actually used (§18.1.1 may have switched UDP to TCP). */
  public Destination destination() {
    return destination;
  }

  public State state() {
    return state;
  }

  /** The final response: real, or a synthesised 408 (timeout) or 503 (transport error). Never fails. */
  public Future<SipResponse> response() {
    return result.future();
  }

  /** Called with each 1xx, in order of arrival. */
  public ClientTransaction onProvisional(Consumer<SipResponse> callback) {
    this.provisional = callback;
    return this;
  }

  String key() {
    return key;
  }

  void start() {
    SipOptions o = layer.options();
    if (!destination.protocol().reliable()) {
      interval = o.t1Ms();
      retransmitTimer = layer.timers().schedule(interval, this::retransmit); // Timer A / E
    }
    timeoutTimer = layer.timers().schedule(o.timeoutMs(), this::timeout); // Timer B / F
    transmit(request); // last: a send that fails at once terminates, cancelling the timers above
  }

  private void transmit(SipRequest r) {
    layer.transport().send(r, destination).onFailure(e -> {
      if (state != State.TERMINATED && r == request) {
        finish(SipResponses.create(request, 503, "Transport Error")); // §8.1.3.1
      }
    });
  }

  private void retransmit() {
    retransmitTimer = -1;
    boolean active = invite ? state == State.CALLING : state == State.TRYING || state == State.PROCEEDING;
    if (!active) {
      return;
    }
    transmit(request);
    SipOptions o = layer.options();
    if (invite) {
      interval *= 2; // §17.1.1.2: Timer A doubles without a cap
    } else {
      interval = state == State.PROCEEDING ? o.t2Ms() : Math.min(interval * 2, o.t2Ms()); // §17.1.2.2
    }
    retransmitTimer = layer.timers().schedule(interval, this::retransmit);
  }

  private void timeout() {
    timeoutTimer = -1;
    boolean waiting = invite ? state == State.CALLING : state == State.TRYING || state == State.PROCEEDING;
    if (waiting) {
      finish(SipResponses.create(request, 408)); // §17.1.1.2 Timer B, §17.1.2.2 Timer F
    }
  }

  /** A response whose branch and CSeq method matched this transaction (§17.1.3). */
  void receive(SipResponse response) {
    switch (state) {
      case CALLING, TRYING, PROCEEDING -> {
        if (response.provisional()) {
          if (invite) {
            cancel(retransmitTimer); // §17.1.1.2: no more retransmissions once a 1xx arrived
          }
          state = State.PROCEEDING;
          provisional.accept(response);
        } else if (invite && response.status() < 300) {
          accepted(response);
        } else {
          completed(response);
        }
      }
      case ACCEPTED -> {
        if (response.status() >= 200 && response.status() < 300) {
          layer.tu().onStrayResponse(response, destination); // RFC 6026 §7.2: the TU re-ACKs
        }
      }
      case COMPLETED -> {
        if (invite && response.status() >= 300 && ack != null) {
          transmit(ack); // §17.1.1.2: a retransmitted final gets the ACK again
        }
      }
      case TERMINATED -> { }
    }
  }

  private void accepted(SipResponse response) {
    cancelTimers();
    state = State.ACCEPTED;
    result.tryComplete(response);
    timeoutTimer = layer.timers().schedule(layer.options().timeoutMs(), this::terminate); // Timer M
  }

  private void completed(SipResponse response) {
    cancelTimers();
    state = State.COMPLETED;
    long wait;
    if (invite) {
      ack = ackFor(response);
      transmit(ack);
      wait = destination.protocol().reliable() ? 0 : layer.options().timeoutMs(); // Timer D: 32 s = 64*T1 by default
    } else {
      wait = destination.protocol().reliable() ? 0 : layer.options().t4Ms(); // Timer K
    }
    result.tryComplete(response);
    if (wait == 0) {
      terminate();
    } else {
      timeoutTimer = layer.timers().schedule(wait, this::terminate);
    }
  }

  /**
   * §17.1.1.3: the ACK for a non-2xx final: Request-URI, Call-ID, From, the top Via (same branch) and
   * the Route headers of the INVITE, To of the response, CSeq number of the INVITE with method ACK.
   */
  SipRequest ackFor(SipResponse response) {
    SipHeaders in = request.headers();
    SipHeaders.Builder b = SipHeaders.builder();
    b.add(HeaderNames.VIA, in.values(HeaderNames.VIA).get(0));
    b.add(HeaderNames.MAX_FORWARDS, "70");
    in.first(HeaderNames.FROM).ifPresent(v -> b.add(HeaderNames.FROM, v));
    response.headers().first(HeaderNames.TO).ifPresent(v -> b.add(HeaderNames.TO, v));
    b.add(HeaderNames.CALL_ID, request.callId());
    b.add(HeaderNames.CSEQ, new CSeq(request.cseq().number(), "ACK").format());
    for (String route : in.values(HeaderNames.ROUTE)) {
      b.add(HeaderNames.ROUTE, route);
    }
    return new SipRequest("ACK", request.requestUri(), b.build(), new byte[0]);
  }

  private void finish(SipResponse synthesised) {
    result.tryComplete(synthesised);
    terminate();
  }

  private void terminate() {
    cancelTimers();
    state = State.TERMINATED;
    layer.removeClient(this);
  }

  private void cancelTimers() {
    cancel(retransmitTimer);
    cancel(timeoutTimer);
    retransmitTimer = -1;
    timeoutTimer = -1;
  }

  private void cancel(long id) {
    if (id >= 0) {
      layer.timers().cancel(id);
    }
  }
}
