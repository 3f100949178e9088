package io.switchboard.sip.session;

import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.session.SessionExpires.Refresher;
import java.util.OptionalLong;

/**
 * The negotiation of RFC 4028 on either side of one INVITE or UPDATE transaction, initial or refresh. Note that
 * {@code refresher=uac|uas} names the roles in the transaction the header is in, not in the dialog (§4): when the
 * dialog's UAS refreshes with a re-INVITE it writes {@code refresher=uac}. Results are therefore stated from our
 * side ({@link Negotiated#weRefresh}). Stateless and thread-safe.
 *
 * @param sessionExpires the interval we ask for, in seconds (sip.session-expires-seconds); 0: we never ask for
 *     session timers ourselves, but still honour a peer that does
 * @param minSe the smallest interval we accept, in seconds (sip.min-se-seconds; at least 90, §4)
 */
public record SessionTimerPolicy(long sessionExpires, long minSe) {
  /** Off: no Session-Expires offered; a peer's is honoured with the RFC minimum. */
  public static final SessionTimerPolicy OFF = new SessionTimerPolicy(0, SessionExpires.RFC_MIN_SE);

  public SessionTimerPolicy {
    if (minSe < 1 || sessionExpires < 0 || (sessionExpires > 0 && sessionExpires < minSe)) {
      throw new IllegalArgumentException("session-expires " + sessionExpires + " must be 0 or at least min-se "
          + minSe + ", and min-se at least 1");
    }
  }

  /**
   * The agreed session timer of one transaction.
   *
   * @param seconds the session interval
   * @param weRefresh whether this node sends the refreshes (else the peer must, before the session expires)
   * @param require put {@code Require: timer} in our 2xx (the UAC supports the extension, §9)
   */
  public record Negotiated(long seconds, boolean weRefresh, boolean require) {
    /** When the refresher sends its refresh: half the interval (§10), in ms. */
    public long refreshAfterMs() {
      return seconds * 1000 / 2;
    }

    /** When the non-refresher gives up (§10: the interval minus a third of it, at most 32 s), in ms. */
    public long expiresAfterMs() {
      return (seconds - Math.min(32, seconds / 3)) * 1000;
    }
  }

  /**
   * What we answer as UAS: {@code tooSmall} means 422 with {@code Min-SE: minSe}; otherwise {@code timer} is the
   * agreement to put in the 2xx ({@link #toResponse}), or null for none.
   */
  public record UasOutcome(boolean tooSmall, long minSe, Negotiated timer) {}

  /**
   * §9: the UAS side of an INVITE or UPDATE. A Session-Expires below our Min-SE is refused (422). Otherwise its
   * interval is kept, lowered toward ours but never below the request's Min-SE (90 when absent) or ours; the
   * refresher is the request's choice, else the UAC when it supports timers, else us. Without a Session-Expires we
   * ask for our interval with us as refresher (allowed whether or not the UAC supports the extension).
   *
   * @throws IllegalArgumentException for an unreadable Session-Expires or Min-SE (answer 400)
   */
  public UasOutcome asUas(SipRequest request) {
    boolean uacSupports = SessionExpires.lists(request, HeaderNames.SUPPORTED, SessionExpires.TIMER)
        || SessionExpires.lists(request, HeaderNames.REQUIRE, SessionExpires.TIMER);
    OptionalLong theirMin = SessionExpires.minSe(request);
    long floor = Math.max(minSe, theirMin.orElse(SessionExpires.RFC_MIN_SE));
    var requested = SessionExpires.of(request);
    if (requested.isEmpty()) {
      return new UasOutcome(false, minSe, sessionExpires == 0 ? null
          : new Negotiated(Math.max(sessionExpires, floor), true, uacSupports));
    }
    SessionExpires se = requested.get();
    if (se.seconds() < minSe) {
      return new UasOutcome(true, minSe, null);
    }
    long seconds = sessionExpires == 0 ? se.seconds() : Math.max(Math.min(se.seconds(), sessionExpires), floor);
    seconds = Math.min(seconds, se.seconds()); // never raise what the request asked for
    Refresher r = !uacSupports ? Refresher.UAS : se.refresher() != null ? se.refresher() : Refresher.UAC;
    return new UasOutcome(false, minSe, new Negotiated(seconds, r == Refresher.UAS, uacSupports));
  }

  /** The headers of our 2xx for {@code n} (null: only {@code Supported: timer}). */
  public static SipHeaders.Builder toResponse(Negotiated n, SipHeaders.Builder h) {
    supported(h);
    if (n != null) {
      h.set(SessionExpires.HEADER, new SessionExpires(n.seconds(), n.weRefresh() ? Refresher.UAS : Refresher.UAC)
          .format());
      if (n.require()) {
        h.add(HeaderNames.REQUIRE, SessionExpires.TIMER);
      }
    }
    return h;
  }

  /**
   * §7.1: the headers of an INVITE or UPDATE we send: {@code Supported: timer}, {@code Session-Expires} (with
   * {@code refresher=uac} when {@code weRefresh}: a refresh we send as the refresher) and {@code Min-SE}. With
   * {@code seconds} 0 only Supported.
   */
  public SipHeaders.Builder toRequest(long seconds, boolean weRefresh, SipHeaders.Builder h) {
    supported(h);
    if (seconds > 0) {
      h.set(SessionExpires.HEADER, new SessionExpires(seconds, weRefresh ? Refresher.UAC : null).format());
      h.set(SessionExpires.MIN_SE, Long.toString(minSe));
    }
    return h;
  }

  /**
   * §7.2: the UAC side, from the 2xx to our INVITE or UPDATE that asked for {@code requested} seconds (0: none). A
   * Session-Expires in the 2xx is the agreement (no refresher parameter: us); without one, we refresh on our own
   * at the interval we asked for, or there is no timer when we asked for none.
   *
   * @throws IllegalArgumentException for an unreadable Session-Expires
   */
  public Negotiated asUac(SipResponse ok, long requested) {
    var se = SessionExpires.of(ok);
    if (se.isPresent()) {
      return new Negotiated(se.get().seconds(), se.get().refresher() != Refresher.UAS, false);
    }
    return requested > 0 ? new Negotiated(requested, true, false) : null;
  }

  /**
   * §7.4: the interval to ask for after a 422: the response's Min-SE (at least ours and above what was refused),
   * or -1 when the 422 carries no usable Min-SE (then give up).
   */
  public long after422(SipResponse r, long refused) {
    OptionalLong m;
    try {
      m = SessionExpires.minSe(r);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (m.isEmpty() || m.getAsLong() <= refused) {
      return -1;
    }
    return Math.max(m.getAsLong(), minSe);
  }

  /** Adds "timer" to Supported: to the existing value when there is one, else as a new header. */
  private static void supported(SipHeaders.Builder h) {
    SipHeaders now = h.build();
    java.util.List<String> values = now.values(HeaderNames.SUPPORTED);
    for (String v : values) {
      for (String t : v.split(",")) {
        if (t.trim().equalsIgnoreCase(SessionExpires.TIMER)) {
          return;
        }
      }
    }
    if (values.isEmpty()) {
      h.add(HeaderNames.SUPPORTED, SessionExpires.TIMER);
    } else {
      h.set(HeaderNames.SUPPORTED, String.join(", ", values) + ", " + SessionExpires.TIMER);
    }
  }
}
