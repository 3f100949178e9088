package io.switchboard.sip;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HeadParser} read from a start line and header section: every value with a flag saying
 * whether it passed its grammar, the Content-Length values apart, and the first error met. Mutable,
 * confined to one parse.
 */
final class Head {
  boolean request;
  String method = "";
  String uri = "";
  int status;
  String reason = "";
  final List<SipHeader> headers = new ArrayList<>();
  final List<Boolean> valid = new ArrayList<>();
  final List<String> contentLengths = new ArrayList<>();
  int errorStatus;
  String error;

  void error(int status, String reason) {
    if (error == null) {
      errorStatus = status;
      this.error = reason;
    }
  }

  void error(String reason) {
    error(400, reason);
  }

  void add(SipHeader h, boolean ok) {
    headers.add(h);
    valid.add(ok);
  }

  /** The first value of {@code name} that passed its grammar, or null. */
  String firstValid(String name) {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).is(name) && valid.get(i)) {
        return headers.get(i).value();
      }
    }
    return null;
  }

  /**
   * The topmost Via to route a response with (RFC 3261 §18.2.2): as received when valid, cut down to its
   * sent-protocol and sent-by when only its parameters are broken, null when unreadable or absent.
   */
  String responseVia() {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).is(HeaderNames.VIA)) {
        return valid.get(i) ? headers.get(i).value() : Via.readableSentBy(headers.get(i).value());
      }
    }
    return null;
  }

  boolean topViaValid() {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).is(HeaderNames.VIA)) {
        return valid.get(i);
      }
    }
    return false;
  }

  SipHeaders validHeaders(String... names) {
    SipHeaders.Builder b = SipHeaders.builder();
    for (int i = 0; i < headers.size(); i++) {
      SipHeader h = headers.get(i);
      if (valid.get(i)) {
        for (String n : names) {
          if (h.is(n)) {
            b.add(h);
          }
        }
      }
    }
    return b.build();
  }
}
