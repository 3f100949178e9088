package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipParserTest {
  private final SipParser parser = new SipParser();

  private SipRequest request(byte[] b) throws SipParseException {
    return (SipRequest) parser.parse(b);
  }

  private SipParseException failure(byte[] b) {
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> parser.parse(b));
    assertThat(e).as("expected a parse failure").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\r", "\n");
    return e;
  }

  @Test
  void foldedLinesAreJoinedKeepingTheirWhitespace() throws Exception {
    SipRequest r = request(Msg.options("Subject: lunch", " at noon", "\ttomorrow", "X-Empty:"));
    assertThat(r.headers().first("Subject")).contains("lunch at noon\ttomorrow");
    assertThat(r.headers().first("X-Empty")).contains("");
  }

  @Test
  void aContinuationLineBeforeAnyHeaderIsRefused() {
    byte[] b = Msg.of("OPTIONS sip:bob@example.com SIP/2.0", "", " folded: nothing", Msg.OPTIONS_HEADERS[0]);
    assertThat(failure(b).getMessage()).isEqualTo("Bad header folding");
  }

  @Test
  void compactFormsAreExpandedToTheirLongNames() throws Exception {
    SipRequest r = request(Msg.of("INVITE sip:bob@example.com SIP/2.0", "v=0\r\n",
        "v: SIP/2.0/UDP h.example.com;branch=z9hG4bKx", "f: <sip:a@example.com>;tag=1", "t: sip:b@example.com",
        "i: abc@h", "CSeq: 1 INVITE", "Max-Forwards: 70", "m: <sip:a@h.example.com>", "c: application/sdp",
        "l: 5", "e: gzip", "s: hi", "k: 100rel, timer", "o: presence", "u: dialog", "r: <sip:c@example.com>",
        "b: <sip:d@example.com>", "x: 1800", "y: abc", "a: *;audio", "j: *;video", "d: proxy", "n: <https://x/y>"));
    assertThat(r.headers().asList()).extracting(SipHeader::name).containsExactly(
        "Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards", "Contact", "Content-Type", "Content-Encoding",
        "Subject", "Supported", "Supported", "Event", "Allow-Events", "Refer-To", "Referred-By", "Session-Expires",
        "Identity", "Accept-Contact", "Reject-Contact", "Request-Disposition", "Identity-Info");
    assertThat(r.callId()).isEqualTo("abc@h");
    assertThat(r.headers().values("k")).containsExactly("100rel", "timer");
    assertThat(r.headers().first("CALL-id")).contains("abc@h");
    assertThat(r.contentLength()).isEqualTo(5);
  }

  @Test
  void headerNamesIgnoreCase() throws Exception {
    SipRequest r = request(Msg.of("OPTIONS sip:bob@example.com SIP/2.0", "", "vIA: SIP/2.0/UDP h;branch=z9hG4bKx",
        "MAX-forwards: 1", "to: <sip:b@x>", "FROM: <sip:a@x>;tag=2", "call-ID: q", "cseq: 2 OPTIONS"));
    assertThat(r.headers().asList()).extracting(SipHeader::name)
        .containsExactly("Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq");
    assertThat(r.cseq().number()).isEqualTo(2);
  }

  @Test
  void listHeadersAreSplitIntoOneValueEach() throws Exception {
    SipRequest r = request(Msg.of("INVITE sip:bob@example.com SIP/2.0", "",
        "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2;received=192.0.2.7",
        "Via: SIP/2.0/TLS [2001:db8::9]:5061;branch=z9hG4bK3;rport=5062", "Max-Forwards: 70",
        "To: <sip:bob@example.com>", "From: <sip:a@example.com>;tag=1", "Call-ID: x", "CSeq: 1 INVITE",
        "Contact: \"Doe, John\" <sip:j@h.example.com>, <sip:k@h.example.com>;expires=60",
        "Route: <sip:p1.example.com;lr>, <sip:weird,user@p2.example.com;lr>",
        "X-Custom: one, two", "Date: Sat, 13 Nov 2010 23:29:00 GMT"));
    assertThat(r.vias()).extracting(Via::sentBy)
        .containsExactly("a.example.com", "b.example.com:5070", "[2001:db8::9]:5061");
    assertThat(r.vias().get(1).received()).contains("192.0.2.7");
    assertThat(r.vias().get(2).rport()).hasValue(5062);
    assertThat(r.contacts()).extracting(c -> c.displayName().orElse("")).containsExactly("Doe, John", "");
    assertThat(r.contacts().get(1).params().get("expires")).contains("60");
    assertThat(r.routes()).extracting(NameAddr::uri)
        .containsExactly("sip:p1.example.com;lr", "sip:weird,user@p2.example.com;lr");
    assertThat(r.headers().values("X-Custom")).as("unknown headers are never split").containsExactly("one, two");
    assertThat(r.headers().values("Date")).containsExactly("Sat, 13 Nov 2010 23:29:00 GMT");
  }

  @Test
  void authHeadersAreOneValueWithCommaSeparatedParameters() throws Exception {
    SipRequest r = request(Msg.options(
        "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\","
            + " uri=\"sip:bob@example.com\", response=\"7587245234b3434cc3412213e5f113a5\", qop=auth, nc=00000001,"
            + " cnonce=\"0a4f113b\", algorithm=MD5",
        "Proxy-Authenticate: Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth,auth-int\", stale=FALSE"));
    assertThat(r.headers().values("Authorization")).hasSize(1);
    AuthValue a = r.authorizations().get(0);
    assertThat(a.isDigest()).isTrue();
    assertThat(a.param("USERNAME")).contains("alice");
    assertThat(a.param("uri")).contains("sip:bob@example.com");
    assertThat(a.param("nc")).contains("00000001");
    assertThat(r.proxyAuthenticates().get(0).param("qop")).contains("auth,auth-int");
    assertThat(r.proxyAuthenticates().get(0).param("stale")).contains("FALSE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Authorization: Digest", "Authorization: Digest realm", "Authorization: Digest a=\"x",
      "Authorization: Digest a=1,,b=2", "WWW-Authenticate: Digest realm=\"a\", realm=\"b\""})
  void malformedAuthHeadersAreRefused(String header) {
    assertThat(failure(Msg.options(header)).getMessage()).startsWith("Bad ").endsWith(" header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards"})
  void aMissingMandatoryHeaderIsNamed(String name) {
    SipParseException e = failure(Msg.optionsWithout(name));
    assertThat(e.getMessage()).isEqualTo("Missing " + name + " header");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.respondable()).as("answerable unless the Via is what is missing").isEqualTo(!name.equals("Via"));
  }

  @Test
  void responsesNeedNoMaxForwards() throws Exception {
    SipResponse r = (SipResponse) parser.parse(Msg.of("SIP/2.0 180 Ringing", "", Msg.VIA,
        "To: <sip:bob@example.com>;tag=9", "From: <sip:alice@example.com>;tag=1", "Call-ID: c", "CSeq: 1 INVITE"));
    assertThat(r.status()).isEqualTo(180);
    assertThat(r.provisional()).isTrue();
    assertThat(r.maxForwards()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"To: <sip:x@example.com>", "From: <sip:x@example.com>;tag=9", "Call-ID: other",
      "CSeq: 1 OPTIONS", "Max-Forwards: 10", "Content-Type: text/plain", "Expires: 10"})
  void aSingleValuedHeaderMayNotRepeat(String header) {
    String name = header.substring(0, header.indexOf(':'));
    assertThat(failure(Msg.options(header, header)).getMessage()).isEqualTo("Multiple " + name + " headers");
  }

  @Test
  void theCseqMethodMustBeTheRequestMethod() {
    byte[] ack = Msg.of("ACK sip:bob@example.com SIP/2.0", "", Msg.VIA, "Max-Forwards: 70", "To: <sip:b@x>;tag=2",
        "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 INVITE");
    SipParseException e = failure(ack);
    assertThat(e.getMessage()).isEqualTo("CSeq method does not match");
    assertThat(e.partialRequest().orElseThrow().method()).isEqualTo("ACK");
  }

  @Test
  void methodsAreCaseSensitive() throws Exception {
    SipRequest r = request(Msg.of("invite sip:bob@example.com SIP/2.0", "", Msg.VIA, "Max-Forwards: 70",
        "To: <sip:b@x>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 invite"));
    assertThat(r.isMethod("INVITE")).isFalse();
    assertThat(failure(Msg.of("invite sip:bob@example.com SIP/2.0", "", Msg.VIA, "Max-Forwards: 70",
        "To: <sip:b@x>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 INVITE")).getMessage())
        .isEqualTo("CSeq method does not match");
  }

  @Test
  void oversizeMessagesAreDroppedUnread() {
    SipParser small = new SipParser(new SipLimits(200, 256));
    byte[] big = Msg.options("X-Pad: " + "a".repeat(300));
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> small.parse(big));
    assertThat(e.status()).isEqualTo(513);
    assertThat(e.getMessage()).isEqualTo("Message Too Large");
    assertThat(e.respondable()).isFalse();
  }

  @Test
  void tooManyHeadersIsAnError() {
    String[] pads = new String[30];
    Arrays.setAll(pads, i -> "X-Pad-" + i + ": x");
    SipParser small = new SipParser(new SipLimits(65_535, 20));
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> small.parse(Msg.options(pads)));
    assertThat(e.getMessage()).isEqualTo("Too many headers");
    assertThat(e.respondable()).isTrue();
    assertThat(catchThrowableOfType(SipParseException.class,
        () -> small.parse(Msg.options("Allow: " + "A, ".repeat(20) + "B"))).getMessage()).isEqualTo("Too many headers");
  }

  @Test
  void contentLengthFramesTheBodyInADatagram() throws Exception {
    SipRequest shorter = request(Msg.of("MESSAGE sip:bob@example.com SIP/2.0", "helloworld", Msg.VIA,
        "Max-Forwards: 70", "To: <sip:b@x>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 MESSAGE",
        "Content-Length: 5"));
    assertThat(shorter.bodyText()).as("the rest is discarded (§18.3)").isEqualTo("hello");
    assertThat(shorter.headers().contains("Content-Length")).as("derived from the body, not stored").isFalse();
    SipRequest without = request(Msg.of("MESSAGE sip:bob@example.com SIP/2.0", "helloworld", Msg.VIA,
        "Max-Forwards: 70", "To: <sip:b@x>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 MESSAGE"));
    assertThat(without.bodyText()).isEqualTo("helloworld");
    SipParseException e = failure(Msg.of("MESSAGE sip:bob@example.com SIP/2.0", "helloworld", Msg.VIA,
        "Max-Forwards: 70", "To: <sip:b@x>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 MESSAGE",
        "Content-Length: 11"));
    assertThat(e.getMessage()).isEqualTo("Content-Length exceeds message");
    assertThat(e.respondable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 1x", "Content-Length: 99999999999999999999", "Content-Length:",
      "Content-Length: +1"})
  void aBadContentLengthIsRefused(String header) {
    assertThat(failure(Msg.options(header)).getMessage()).isEqualTo("Bad Content-Length header");
  }

  @Test
  void leadingCrlfsAreSkippedAndKeepAlivesRecognised() throws Exception {
    byte[] m = Msg.options();
    byte[] padded = new byte[m.length + 4];
    padded[0] = '\r';
    padded[1] = '\n';
    padded[2] = '\r';
    padded[3] = '\n';
    System.arraycopy(m, 0, padded, 4, m.length);
    assertThat(parser.parse(padded)).isEqualTo(parser.parse(m));
    byte[] ping = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(SipParser.isKeepAlive(ping, 0, 4)).isTrue();
    assertThat(SipParser.isKeepAlive(m, 0, m.length)).isFalse();
    assertThat(failure(ping).respondable()).isFalse();
  }

  @Test
  void parsesASliceOfABuffer() throws Exception {
    byte[] m = Msg.options();
    byte[] buf = new byte[m.length + 20];
    System.arraycopy(m, 0, buf, 10, m.length);
    assertThat(parser.parse(buf, 10, m.length)).isEqualTo(parser.parse(m));
  }

  @Test
  void headersMustBeUtf8() {
    byte[] m = Msg.options("Subject: caf\u00e9");
    byte[] latin1 = new String(m, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
    SipParseException e = failure(latin1);
    assertThat(e.getMessage()).isEqualTo("Invalid UTF-8");
    assertThat(e.respondable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Subject: a\nb", "Subject: a\rb"})
  void bareCrOrLfIsRefused(String header) {
    assertThat(failure(Msg.options(header)).getMessage()).isEqualTo("Bad line ending");
  }

  @Test
  void controlCharactersInAnUnknownHeaderAreRefusedWithASafeReason() {
    assertThat(failure(Msg.options("X-Foo: a\u0001b")).getMessage()).isEqualTo("Bad X-Foo header");
    assertThat(failure(Msg.options("X-%41: a\u0000")).getMessage()).isEqualTo("Bad X-_41 header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NoColonHere", "Bad Name: x", ": empty name", "Na\"me: x"})
  void malformedHeaderLinesAreRefused(String line) {
    assertThat(failure(Msg.options(line)).getMessage()).isEqualTo("Bad header line");
  }

  @Test
  void contactStarMustStandAlone() throws Exception {
    byte[] register = Msg.of("REGISTER sip:example.com SIP/2.0", "", Msg.VIA, "Max-Forwards: 70",
        "To: <sip:a@example.com>", "From: <sip:a@example.com>;tag=1", "Call-ID: r", "CSeq: 2 REGISTER",
        "Contact: *", "Expires: 0");
    SipRequest r = request(register);
    assertThat(r.wildcardContact()).isTrue();
    assertThat(r.contacts()).isEmpty();
    assertThat(r.expires()).hasValue(0);
    assertThat(failure(Msg.options("Contact: *, <sip:a@b>")).getMessage()).isEqualTo("Bad Contact header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Route: sip:p1.example.com;lr", "Record-Route: sip:p1.example.com", "Route: <sip:p1",
      "Route:", "Via: SIP/2.0/UDP", "Via: SIP/2.0/UDP h;branch", "Via: SIP/2.0/UDP h;received=host.example.com",
      "Via: SIP/2.0/UDP h;ttl=300", "Via: SIP/2.0/UDP h:70000", "Via: SIP/2.0 h", "Contact: <sip:a@b>;q=1.5",
      "Contact: <sip:a@b>;expires=soon", "Contact: <sip:a@b>;tag=1;tag=2", "Max-Forwards: 256", "Max-Forwards: -1",
      "Content-Type: text", "Require: a b", "Supported: 100rel,", "Accept: text", "Date: Sat, 13 Nov 2010 23:29:00 UTC"})
  void malformedKnownHeadersAreRefused(String header) {
    String name = header.substring(0, header.indexOf(':'));
    byte[] message = name.equals("Max-Forwards")
        ? Msg.of("OPTIONS sip:bob@example.com SIP/2.0", "", Msg.VIA, header, "To: <sip:b@x>", "From: <sip:a@x>;tag=1",
            "Call-ID: c", "CSeq: 1 OPTIONS")
        : Msg.options(header);
    SipParseException e = failure(message);
    assertThat(e.getMessage()).isEqualTo("Bad " + name + " header");
    assertThat(e.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Supported:", "Accept:", "Allow:", "Supported: 100rel, timer, path",
      "Accept: application/sdp;level=1, */*;q=0.1", "Contact: <sip:a@b>;q=0.7;expires=3600, sip:c@d;q=1",
      "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKx;rport", "Via: SIP/2.0/UDP 192.0.2.1;maddr=224.2.0.1;ttl=16"})
  void unusualButValidHeadersAreAccepted(String header) throws Exception {
    request(Msg.options(header));
  }

  @Test
  void onlySip20IsSpoken() {
    SipParseException e = failure(Msg.of("OPTIONS sip:bob@example.com SIP/3.0", "", Msg.OPTIONS_HEADERS));
    assertThat(e.status()).isEqualTo(505);
    assertThat(e.respondable()).isTrue();
    assertThat(failure(Msg.of("OPTIONS sip:bob@example.com SIP/2", "", Msg.OPTIONS_HEADERS)).getMessage())
        .isEqualTo("Bad Request-Line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIP/2.0 200", "SIP/2.0 99 Low", "SIP/2.0 700 High", "SIP/2.0 2000 OK", "SIP/2.0 abc OK",
      "SIP/2.0 200 O\u0001K"})
  void malformedStatusLinesAreDropped(String statusLine) {
    SipParseException e = failure(Msg.of(statusLine, "", Msg.VIA, "To: <sip:b@x>;tag=2", "From: <sip:a@x>;tag=1",
        "Call-ID: c", "CSeq: 1 INVITE"));
    assertThat(e.getMessage()).isEqualTo("Bad Status-Line");
    assertThat(e.respondable()).isFalse();
  }

  @Test
  void aLenientReasonPhraseIsKept() throws Exception {
    SipResponse r = (SipResponse) parser.parse(Msg.of("SIP/2.0 480 Temporarily Unavailable [cause=18] \"busy\"", "",
        Msg.VIA, "To: <sip:b@x>;tag=2", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 INVITE"));
    assertThat(r.reason()).isEqualTo("Temporarily Unavailable [cause=18] \"busy\"");
  }

  @Test
  void garbageIsDroppedNotAnswered() {
    assertThat(failure("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).respondable()).isFalse();
    assertThat(failure(new byte[] {0, 1, 2, 3}).respondable()).isFalse();
    assertThat(failure(new byte[0]).getMessage()).isEqualTo("Empty message");
  }

  /**
   * DoS bound: parameters are checked for repeats with a set, not by rescanning, so the work grows
   * linearly. Compared by ratio rather than a wall-clock limit so a loaded machine cannot fail it: twenty
   * times the parameters must cost well under the four-hundredfold a quadratic scan would (linear parsing
   * measures 20–50 here, the upper end on a machine busy with other builds). The messages are built before
   * the clock starts, so only parsing is timed.
   */
  @Test
  void pathologicalMessagesStayLinear() {
    SipParser big = new SipParser(new SipLimits(4_000_000, 256));
    List<byte[]> warm = messagesWithParams(2_000);
    List<byte[]> small = messagesWithParams(5_000);
    List<byte[]> large = messagesWithParams(100_000);
    parseAll(big, warm);
    long smallNs = fastestOf5(() -> parseAll(big, small));
    long largeNs = fastestOf5(() -> parseAll(big, large));
    assertThat((double) largeNs / smallNs).as("cost ratio for 20x the parameters").isLessThan(150.0);
  }

  private static long fastestOf5(Runnable r) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best;
  }

  /** A Route and a Contact header, each with {@code count} distinct parameters. */
  private static List<byte[]> messagesWithParams(int count) {
    String params = java.util.stream.IntStream.range(0, count).mapToObj(i -> ";p" + i)
        .collect(java.util.stream.Collectors.joining());
    return List.of(Msg.options("Route: <sip:p.example.com" + params + ">"), Msg.options("Contact: <sip:a@b>" + params));
  }

  private static void parseAll(SipParser parser, List<byte[]> messages) {
    try {
      for (byte[] m : messages) {
        parser.parse(m);
      }
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }
}
