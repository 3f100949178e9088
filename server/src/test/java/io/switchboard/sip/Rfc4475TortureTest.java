package io.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message of RFC 4475 (§3.1 parser tests, §3.2 transaction layer, §3.3 application layer,
 * §3.4 RFC 2543 compatibility), byte-exact, with the outcome that RFC asks of a parser:
 * <ul>
 *   <li>ACCEPT: well formed, parses, key fields come out right;
 *   <li>FLAG: well formed, parses; the RFC's expected behaviour belongs to the layer above, and the
 *       test shows the accessor that layer will use to decide (416, 420, 415, 483, RFC 2543 branch ...);
 *   <li>REJECT: a request answered with {@code status} and exactly {@code reason} (respondable);
 *   <li>DROP: a malformed response, discarded (responses are never answered, RFC 3261 §18.1.2).
 * </ul>
 */
class Rfc4475TortureTest {
  enum Outcome { ACCEPT, FLAG, REJECT, DROP }

  record Case(String name, String section, Outcome outcome, int status, String reason) {
    @Override
    public String toString() {
      return section + " " + name + " " + outcome;
    }
  }

  static Case ok(String name, String section) {
    return new Case(name, section, Outcome.ACCEPT, 0, null);
  }

  static Case flag(String name, String section) {
    return new Case(name, section, Outcome.FLAG, 0, null);
  }

  static Case reject(String name, String section, int status, String reason) {
    return new Case(name, section, Outcome.REJECT, status, reason);
  }

  static Case drop(String name, String section, String reason) {
    return new Case(name, section, Outcome.DROP, 400, reason);
  }

  static final List<Case> CASES = List.of(
      ok("wsinv", "3.1.1.1"), ok("intmeth", "3.1.1.2"), ok("esc01", "3.1.1.3"), ok("escnull", "3.1.1.4"),
      ok("esc02", "3.1.1.5"), ok("lwsdisp", "3.1.1.6"), ok("longreq", "3.1.1.7"), ok("dblreq", "3.1.1.8"),
      ok("semiuri", "3.1.1.9"), ok("transports", "3.1.1.10"), ok("mpart01", "3.1.1.11"),
      ok("unreason", "3.1.1.12"), ok("noreason", "3.1.1.13"),
      reject("badinv01", "3.1.2.1", 400, "Bad Via header"),
      reject("clerr", "3.1.2.2", 400, "Content-Length exceeds message"),
      reject("ncl", "3.1.2.3", 400, "Bad Content-Length header"),
      reject("scalar02", "3.1.2.4", 400, "Bad CSeq header"),
      drop("scalarlg", "3.1.2.5", "Bad CSeq header"),
      reject("quotbal", "3.1.2.6", 400, "Bad To header"),
      reject("ltgtruri", "3.1.2.7", 400, "Bad Request-URI"),
      reject("lwsruri", "3.1.2.8", 400, "Bad Request-Line"),
      reject("lwsstart", "3.1.2.9", 400, "Bad Request-Line"),
      reject("trws", "3.1.2.10", 400, "Bad Request-Line"),
      reject("escruri", "3.1.2.11", 400, "Bad Request-URI"),
      reject("baddate", "3.1.2.12", 400, "Bad Date header"),
      reject("regbadct", "3.1.2.13", 400, "Bad Contact header"),
      reject("badaspec", "3.1.2.14", 400, "Bad To header"),
      reject("baddn", "3.1.2.15", 400, "Bad From header"),
      reject("badvers", "3.1.2.16", 505, "Version Not Supported"),
      reject("mismatch01", "3.1.2.17", 400, "CSeq method does not match"),
      reject("mismatch02", "3.1.2.18", 400, "CSeq method does not match"),
      drop("bigcode", "3.1.2.19", "Bad Status-Line"),
      flag("badbranch", "3.2.1"),
      reject("insuf", "3.3.1", 400, "Missing From header"),
      flag("unkscm", "3.3.2"), flag("novelsc", "3.3.3"), flag("unksm2", "3.3.4"), flag("bext01", "3.3.5"),
      flag("invut", "3.3.6"), flag("regaut01", "3.3.7"),
      reject("multi01", "3.3.8", 400, "Multiple CSeq headers"),
      reject("mcl01", "3.3.9", 400, "Multiple Content-Length headers"),
      flag("bcast", "3.3.10"), flag("zeromf", "3.3.11"), flag("cparam01", "3.3.12"), flag("cparam02", "3.3.13"),
      flag("regescrt", "3.3.14"), flag("sdp01", "3.3.15"),
      // RFC 4475 says elements that "want to maintain backwards compatibility" accept it; we do not.
      reject("inv2543", "3.4.1", 400, "Missing Max-Forwards header"));

  static Stream<Case> cases() {
    return CASES.stream();
  }

  static Stream<Case> wellFormed() {
    return CASES.stream().filter(c -> c.outcome == Outcome.ACCEPT || c.outcome == Outcome.FLAG);
  }

  @Test
  void theFilesAreTheRfcArchiveByteForByte() throws Exception {
    String sums = new String(Rfc4475.bytes("SHA256SUMS"), StandardCharsets.US_ASCII);
    List<String> lines = sums.lines().toList();
    assertThat(lines).hasSize(49).hasSize(CASES.size());
    for (String line : lines) {
      String[] parts = line.split("  ");
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Rfc4475.bytes(parts[1]));
      assertThat(HexFormat.of().formatHex(digest)).as(parts[1]).isEqualTo(parts[0]);
    }
    assertThat(CASES).extracting(c -> c.name + ".dat")
        .containsExactlyInAnyOrderElementsOf(lines.stream().map(l -> l.split("  ")[1]).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outcomeIsWhatTheRfcAsks(Case c) {
    byte[] bytes = Rfc4475.message(c.name);
    switch (c.outcome) {
      case ACCEPT, FLAG -> {
        try {
          new SipParser().parse(bytes);
        } catch (SipParseException e) {
          throw new AssertionError(c.name + " refused: " + e.getMessage(), e);
        }
      }
      case REJECT -> {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> new SipParser().parse(bytes));
        assertThat(e).as(c.name).isNotNull();
        assertThat(e.getMessage()).isEqualTo(c.reason);
        assertThat(e.status()).isEqualTo(c.status);
        assertThat(e.respondable()).as("a request readable enough to answer").isTrue();
        SipResponse r = SipResponses.forParseError(e).orElseThrow();
        assertThat(r.status()).isEqualTo(c.status);
        assertThat(r.reason()).isEqualTo(c.reason);
        assertThat(r.vias()).isNotEmpty();
        byte[] wire = SipSerializer.serialize(r);
        assertThat(new String(wire, StandardCharsets.UTF_8)).startsWith("SIP/2.0 " + c.status + " " + c.reason + "\r\n");
      }
      case DROP -> {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> new SipParser().parse(bytes));
        assertThat(e).as(c.name).isNotNull();
        assertThat(e.getMessage()).isEqualTo(c.reason);
        assertThat(e.respondable()).isFalse();
        assertThat(SipResponses.forParseError(e)).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void wellFormedMessagesSurviveARoundTrip(Case c) throws Exception {
    SipMessage first = Rfc4475.parse(c.name);
    byte[] wire = SipSerializer.serialize(first);
    SipMessage second = new SipParser().parse(wire);
    assertThat(second).isEqualTo(first);
    assertThat(SipSerializer.serialize(second)).isEqualTo(wire);
  }

  @Test
  void reasonPhrasesAreSafeToSend() {
    for (Case c : CASES) {
      if (c.reason != null) {
        assertThat(c.reason).matches("[A-Za-z0-9 .:-]+");
      }
    }
  }

  @Test
  void aBrokenViaIsAnsweredThroughItsSentBy() throws Exception {
    // badinv01: "Via: SIP/2.0/UDP 192.0.2.15;;,;,," - the parameters are junk, the sent-by is fine.
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("badinv01"));
    SipRequest partial = e.partialRequest().orElseThrow();
    assertThat(partial.headers().values("Via")).containsExactly("SIP/2.0/UDP 192.0.2.15");
    assertThat(partial.callId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
    assertThat(partial.cseq()).isEqualTo(new CSeq(8, "INVITE"));
  }

  @Test
  void theAnswerToMulti01CarriesTheFirstOfEachRepeatedHeader() throws Exception {
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("multi01"));
    SipResponse r = SipResponses.forParseError(e).orElseThrow();
    assertThat(r.callId()).isEqualTo("multi01.98asdh@192.0.2.1");
    assertThat(r.cseq()).isEqualTo(new CSeq(5, "INVITE"));
    assertThat(r.headers().values("To")).containsExactly("sip:user@example.com");
    assertThat(r.headers().values("From")).containsExactly("sip:caller@example.com;tag=3413415");
  }

  @Test
  void insufIsAnsweredWithWhatItHas() throws Exception {
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("insuf"));
    SipResponse r = SipResponses.forParseError(e).orElseThrow();
    assertThat(r.headers().asList()).extracting(SipHeader::name).containsExactly("Via", "CSeq");
  }

  @Test
  void badversIsAnswered505ThroughItsSip7Via() throws Exception {
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("badvers"));
    SipResponse r = SipResponses.forParseError(e).orElseThrow();
    assertThat(r.status()).isEqualTo(505);
    assertThat(r.topVia().version()).isEqualTo("7.0");
  }

  @Test
  void aPartialRequestKeepsTheMethodAndTheRequestUriWhenReadable() throws Exception {
    SipParseException e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("ltgtruri"));
    assertThat(e.partialRequest().orElseThrow().method()).isEqualTo("INVITE");
    e = catchThrowableOfType(SipParseException.class, () -> Rfc4475.parse("lwsruri"));
    assertThat(e.partialRequest().orElseThrow().method()).isEqualTo("INVITE");
    assertThat(e.partialRequest().orElseThrow().requestUri()).isEqualTo("sip:invalid.invalid");
  }

  @Test
  void droppedResponsesCarryNothing() {
    assertThatThrownBy(() -> Rfc4475.parse("bigcode")).isInstanceOfSatisfying(SipParseException.class,
        e -> assertThat(e.partialRequest()).isEmpty());
  }
}
