package io.switchboard.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a UAS of this node refuses before call control sees a request, and what it advertises. The checks run in the
 * order of RFC 3261 §8.2, and the first that fails answers:
 * <ol>
 *   <li>method (§8.2.1): a method no RFC defines gets 501; one defined but not in {@link #ALLOWED} gets 405 with
 *       {@code Allow};
 *   <li>Request-URI scheme (§8.2.2.1): anything but sip, sips or tel gets 416;
 *   <li>{@code Require} (§8.2.2.3): an option tag not in {@link #SUPPORTED} gets 420 with {@code Unsupported}
 *       naming each. 100rel (RFC 3262) is not supported: {@code Require: 100rel} gets 420, {@code Supported: 100rel}
 *       is ignored (the caller then gets unreliable provisionals, as that RFC allows). {@code Proxy-Require} is for
 *       proxies and ignored here;
 *   <li>body (§8.2.3): a {@code Content-Encoding} other than identity, or a {@code Content-Type} the method cannot
 *       carry here, gets 415 with {@code Accept-Encoding} / {@code Accept};
 *   <li>{@code Accept} (§21.4.7): an INVITE, whose 2xx carries our SDP, that accepts no application/sdp gets 406.
 * </ol>
 * UPDATE, INFO and INVITEs within a dialog pass: call control answers them.
 *
 * <p>Pure and thread-safe (static, no state).
 */
public final class RequestPolicy {
  /** The methods this node accepts: {@code Allow} everywhere it is sent. */
  public static final List<String> ALLOWED =
      List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO");
  /** {@link #ALLOWED} as an {@code Allow} value. */
  public static final String ALLOW = String.join(", ", ALLOWED);
  /** Option tags this node supports (RFC 4028 session timers): {@code Supported} everywhere it is sent. */
  public static final List<String> SUPPORTED = List.of("timer");
  /** {@link #SUPPORTED} as a {@code Supported} value. */
  public static final String SUPPORTED_VALUE = String.join(", ", SUPPORTED);
  /** The body types of INFO (DTMF, RFC 6086 legacy use); every other method carries SDP. */
  public static final List<String> INFO_BODIES = List.of("application/dtmf-relay", "application/dtmf");
  public static final List<String> SDP_BODIES = List.of("application/sdp");

  /** Methods of the IANA SIP registry we know of, but do not accept: 405 rather than 501. */
  private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO",
      "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "REFER", "MESSAGE");
  private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");

  private RequestPolicy() {}

  /**
   * The answer refusing {@code request}, or empty when call control should handle it.
   *
   * @param toTag the UAS's tag, added to To when the request has none (§8.2.6.2)
   */
  public static Optional<SipResponse> refusal(SipRequest request, String toTag) {
    String m = request.method();
    if (!KNOWN.contains(m)) {
      return Optional.of(SipResponses.create(request, 501, SipResponses.reason(501), toTag));
    }
    if (!ALLOWED.contains(m)) {
      return Optional.of(with(SipResponses.create(request, 405, SipResponses.reason(405), toTag),
          HeaderNames.ALLOW, ALLOW));
    }
    if (!SCHEMES.contains(scheme(request.requestUri()))) {
      return Optional.of(SipResponses.create(request, 416, SipResponses.reason(416), toTag));
    }
    if (!m.equals("ACK") && !m.equals("CANCEL")) { // §8.2.2.3: never refused for Require
      List<String> unsupported = unsupported(request);
      if (!unsupported.isEmpty()) {
        return Optional.of(with(SipResponses.create(request, 420, SipResponses.reason(420), toTag),
            HeaderNames.UNSUPPORTED, String.join(", ", unsupported)));
      }
    }
    if (request.body().length > 0 || request.headers().contains(HeaderNames.CONTENT_ENCODING)) {
      if (!identityEncoding(request)) {
        return Optional.of(with(SipResponses.create(request, 415, SipResponses.reason(415), toTag),
            HeaderNames.ACCEPT_ENCODING, "identity"));
      }
      Optional<MediaType> type = request.contentType();
      List<String> accepted = bodyTypes(m);
      if (request.body().length > 0 && type.isPresent() && accepted.stream().noneMatch(type.get()::is)) {
        return Optional.of(with(SipResponses.create(request, 415, SipResponses.reason(415), toTag),
            HeaderNames.ACCEPT, String.join(", ", accepted)));
      }
    }
    if (m.equals("INVITE") && !accepts(request, "application", "sdp")) {
      return Optional.of(SipResponses.create(request, 406, SipResponses.reason(406), toTag));
    }
    return Optional.empty();
  }

  /** The body types {@code method} may carry here (what a 415 lists in {@code Accept}). */
  public static List<String> bodyTypes(String method) {
    return method.equals("INFO") ? INFO_BODIES : SDP_BODIES;
  }

  /** {@code response} with {@code Allow} and {@code Supported} (a 2xx to INVITE, §13.3.1.4 and §20.5). */
  public static SipResponse advertised(SipResponse response) {
    return response.withHeaders(response.headers().toBuilder()
        .set(HeaderNames.ALLOW, ALLOW).set(HeaderNames.SUPPORTED, SUPPORTED_VALUE).build());
  }

  /** The 200 answer to OPTIONS (§11.2): {@code Allow}, {@code Accept}, {@code Accept-Encoding}, {@code Supported}. */
  public static SipResponse optionsAnswer(SipResponse ok) {
    return advertised(ok.withHeaders(ok.headers().toBuilder()
        .set(HeaderNames.ACCEPT, String.join(", ", SDP_BODIES)).set(HeaderNames.ACCEPT_ENCODING, "identity")
        .build()));
  }

  private static SipResponse with(SipResponse r, String name, String value) {
    return r.withHeaders(r.headers().toBuilder().set(name, value).build());
  }

  private static String scheme(String uri) {
    int colon = uri.indexOf(':');
    return colon <= 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** The Require option tags not in {@link #SUPPORTED}, each once, in order (option tags compare case-sensitively). */
  private static List<String> unsupported(SipRequest request) {
    List<String> out = new ArrayList<>();
    for (String tag : elements(request, HeaderNames.REQUIRE)) {
      if (!SUPPORTED.contains(tag) && !out.contains(tag)) {
        out.add(tag);
      }
    }
    return out;
  }

  private static boolean identityEncoding(SipRequest request) {
    return elements(request, HeaderNames.CONTENT_ENCODING).stream().allMatch("identity"::equalsIgnoreCase);
  }

  /**
   * Whether the request's {@code Accept} takes type/subtype: no Accept takes application/sdp (§20.1), an empty one
   * takes nothing, and a range with q=0 excludes.
   */
  private static boolean accepts(SipRequest request, String type, String subtype) {
    if (!request.headers().contains(HeaderNames.ACCEPT)) {
      return true;
    }
    for (String range : elements(request, HeaderNames.ACCEPT)) {
      MediaType t;
      try {
        t = MediaType.parse(range); // "*" is a token character: "*/*" and "application/*" parse
      } catch (SipSyntaxException e) {
        continue;
      }
      boolean typeOk = t.type().equals("*") || t.type().equalsIgnoreCase(type);
      boolean subOk = t.subtype().equals("*") || t.subtype().equalsIgnoreCase(subtype);
      if (typeOk && subOk && !t.param("q").map(RequestPolicy::zero).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean zero(String q) {
    return q.matches("0(\\.0{0,3})?");
  }

  /** The non-empty elements of a list header, however the sender spread them over lines and commas. */
  private static List<String> elements(SipRequest request, String name) {
    List<String> out = new ArrayList<>();
    for (String v : request.headers().values(name)) {
      for (String e : HeaderRules.split(v)) {
        if (!e.isEmpty()) {
          out.add(e);
        }
      }
    }
    return out;
  }
}
