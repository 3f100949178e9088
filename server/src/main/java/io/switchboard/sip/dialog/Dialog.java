package io.switchboard.sip.dialog;

import io.switchboard.sip.CSeq;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.NameAddr;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipUri;
import io.switchboard.sip.transport.Destination;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The dialog state of one end (RFC 3261 §12): id, local and remote URIs with tags, sequence numbers,
 * remote target and route set. Builds in-dialog requests (§12.2.1.1) and checks incoming ones
 * (§12.2.2). {@link #newRequest} / {@link #ack} with {@link #nextHop} are the one way call control sends within a
 * dialog (BYE, re-INVITE, UPDATE, INFO, ACK), so every such request carries the route set as Route headers and goes
 * to its first hop: the proxies that record-routed stay on the path.
 *
 * <pre>
 *   (1xx with To tag) --> EARLY --2xx--> CONFIRMED --BYE--> TERMINATED
 *   (2xx) -------------------------------^   EARLY --non-2xx final--> TERMINATED
 * </pre>
 *
 * <p>Not thread-safe: owned by one call on one event loop.
 */
public final class Dialog {
  /** See the diagram above. */
  public enum State { EARLY, CONFIRMED, TERMINATED }

  private final DialogId id;
  private final NameAddr local;
  private final NameAddr remote;
  private final List<NameAddr> routeSet;
  private final boolean secure;
  private final String localContact;
  private State state;
  private String remoteTarget;
  private long localSeq;
  private long remoteSeq;

  private Dialog(DialogId id, NameAddr local, NameAddr remote, List<NameAddr> routeSet, boolean secure,
      String localContact, String remoteTarget, long localSeq, long remoteSeq, State state) {
    this.id = id;
    this.local = local;
    this.remote = remote;
    this.routeSet = List.copyOf(routeSet);
    this.secure = secure;
    this.localContact = localContact;
    this.remoteTarget = remoteTarget;
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
    this.state = state;
  }

  /**
   * §12.1.2, the UAC side: from our request and a 101-299 response carrying a To tag. The route set is
   * the response's Record-Route reversed; the remote target its Contact.
   *
   * @param localContact our Contact URI, put in target-refresh requests
   * @throws IllegalArgumentException for a response that creates no dialog
   */
  public static Dialog asUac(SipRequest request, SipResponse response, String localContact) {
    int s = response.status();
    if (s < 101 || s > 299 || response.to().tag().isEmpty() || request.from().tag().isEmpty()) {
      throw new IllegalArgumentException("no dialog: status " + s + " or a missing tag");
    }
    List<NameAddr> routes = new ArrayList<>(response.recordRoutes());
    Collections.reverse(routes);
    return new Dialog(DialogId.ofResponse(response), request.from(), response.to(), routes, secure(request),
        localContact, target(response.contacts(), request.requestUri()), request.cseq().number(), -1,
        s < 200 ? State.EARLY : State.CONFIRMED);
  }

  /**
   * §12.1.1, the UAS side: from the request and our 101-299 response (its To tag is our local tag).
   * The route set is the request's Record-Route in order; the remote target its Contact; the remote
   * sequence number its CSeq; the local one empty until we send a request.
   */
  public static Dialog asUas(SipRequest request, SipResponse response, String localContact) {
    int s = response.status();
    if (s < 101 || s > 299 || response.to().tag().isEmpty()) {
      throw new IllegalArgumentException("no dialog: status " + s + " or a missing To tag");
    }
    DialogId id = new DialogId(request.callId(), response.to().tag().get(), request.from().tag().orElse(""));
    return new Dialog(id, response.to(), request.from(), request.recordRoutes(), secure(request), localContact,
        target(request.contacts(), null), 0, request.cseq().number(), s < 200 ? State.EARLY : State.CONFIRMED);
  }

  /**
   * §12.1.1: a UAS's response that creates a dialog (101-299 to INVITE) copies the request's Record-Route values, in
   * their order (a proxy that record-routed finds itself in the response; §16.6), so the caller routes through the
   * same proxies. Any Record-Route already in {@code response} is replaced.
   */
  public static SipResponse recordRouted(SipRequest request, SipResponse response) {
    SipHeaders.Builder b = response.headers().toBuilder().remove(HeaderNames.RECORD_ROUTE);
    for (String rr : request.headers().values(HeaderNames.RECORD_ROUTE)) {
      b.add(HeaderNames.RECORD_ROUTE, rr);
    }
    return response.withHeaders(b.build());
  }

  private static boolean secure(SipRequest request) {
    return request.sipUri().map(SipUri::secure).orElse(false);
  }

  private static String target(List<NameAddr> contacts, String fallback) {
    if (contacts.isEmpty()) {
      if (fallback == null) {
        throw new IllegalArgumentException("no Contact for the remote target");
      }
      return fallback;
    }
    return contacts.get(0).uri();
  }

  public DialogId id() {
    return id;
  }

  public State state() {
    return state;
  }

  public String remoteTarget() {
    return remoteTarget;
  }

  /** The route set, in the order Route headers are written. */
  public List<NameAddr> routeSet() {
    return routeSet;
  }

  public long localSeq() {
    return localSeq;
  }

  /** -1 while empty (a UAC before the peer's first request). */
  public long remoteSeq() {
    return remoteSeq;
  }

  public boolean secure() {
    return secure;
  }

  /** Our Contact URI, as put in target-refresh requests (and the 2xx we send to the peer's). */
  public String localContact() {
    return localContact;
  }

  /**
   * A response within the dialog (UAC side): a 2xx confirms an early dialog and, for a target refresh
   * (INVITE, UPDATE), its Contact replaces the remote target (§12.2.1.2); a non-2xx final to the
   * initial INVITE ends an early dialog.
   */
  public void onResponse(SipResponse response) {
    int s = response.status();
    if (s >= 200 && s < 300) {
      state = state == State.TERMINATED ? state : State.CONFIRMED;
      String m = response.cseq().method();
      if ((m.equals("INVITE") || m.equals("UPDATE")) && !response.contacts().isEmpty()) {
        remoteTarget = response.contacts().get(0).uri();
      }
    } else if (s >= 300 && state == State.EARLY) {
      state = State.TERMINATED;
    }
  }

  /**
   * §12.2.2: checks and records an incoming in-dialog request. False means its CSeq is lower than one
   * already seen: answer 500 Server Internal Error. ACK and CANCEL carry the INVITE's number and are
   * not checked. A target refresh updates the remote target; BYE terminates.
   */
  public boolean onRequest(SipRequest request) {
    String m = request.method();
    if (!m.equals("ACK") && !m.equals("CANCEL")) {
      long n = request.cseq().number();
      if (remoteSeq >= 0 && n <= remoteSeq) {
        return false; // §12.2.2 says lower; equal is a retransmission the transaction layer absorbed
      }
      remoteSeq = n;
    }
    if ((m.equals("INVITE") || m.equals("UPDATE")) && !request.contacts().isEmpty()) {
      remoteTarget = request.contacts().get(0).uri();
    }
    if (m.equals("BYE")) {
      state = State.TERMINATED;
    }
    return true;
  }

  /**
   * §12.2.1.1: a new request in this dialog (BYE, re-INVITE, INFO, ...; not ACK or CANCEL), without a
   * Via (the transaction layer adds it). CSeq is one more than the last local one; Contact is added to
   * a target refresh.
   */
  public SipRequest newRequest(String method) {
    if (method.equals("ACK") || method.equals("CANCEL")) {
      throw new IllegalArgumentException(method + " takes the INVITE's CSeq: use ack() or Cancels.create");
    }
    localSeq = localSeq <= 0 ? 1 : localSeq + 1;
    if (method.equals("BYE")) {
      state = State.TERMINATED;
    }
    return build(method, localSeq);
  }

  /**
   * The ACK for a 2xx to an INVITE of this dialog (§13.2.2.4): the INVITE's CSeq number with method ACK,
   * routed like any in-dialog request. It gets a new branch (it is its own transaction, §17.1.1.3):
   * send it with {@link io.switchboard.sip.transaction.TransactionLayer#sendAck}.
   */
  public SipRequest ack(long inviteCseq) {
    return build("ACK", inviteCseq);
  }

  /**
   * Where in-dialog requests go (§12.2.1.1 then §8.1.2): the first Route, or the remote target with an
   * empty route set.
   */
  public Destination nextHop() {
    String uri = routeSet.isEmpty() ? remoteTarget : routeSet.get(0).uri();
    return Destination.of(SipUri.parse(uri));
  }

  private SipRequest build(String method, long cseq) {
    String requestUri = remoteTarget;
    List<String> routes = new ArrayList<>();
    if (!routeSet.isEmpty() && !looseRouter(routeSet.get(0))) {
      // Strict routing: the first route becomes the Request-URI, the remote target the last Route.
      requestUri = stripped(routeSet.get(0).uri());
      routeSet.subList(1, routeSet.size()).forEach(r -> routes.add(r.format()));
      routes.add(NameAddr.of(remoteTarget).format());
    } else {
      routeSet.forEach(r -> routes.add(r.format()));
    }
    SipHeaders.Builder b = SipHeaders.builder();
    for (String r : routes) {
      b.add(HeaderNames.ROUTE, r);
    }
    b.add(HeaderNames.MAX_FORWARDS, "70");
    b.add(HeaderNames.FROM, local.format());
    b.add(HeaderNames.TO, remote.format());
    b.add(HeaderNames.CALL_ID, id.callId());
    b.add(HeaderNames.CSEQ, new CSeq(cseq, method).format());
    if (localContact != null && (method.equals("INVITE") || method.equals("UPDATE"))) {
      b.add(HeaderNames.CONTACT, NameAddr.of(localContact).format());
    }
    return new SipRequest(method, requestUri, b.build(), new byte[0]);
  }

  private static boolean looseRouter(NameAddr route) {
    Optional<SipUri> u = route.sipUri();
    return u.isEmpty() || u.get().looseRouting();
  }

  /** §12.2.1.1: parameters not allowed in a Request-URI are removed; we drop the headers component. */
  private static String stripped(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
