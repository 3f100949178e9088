package io.switchboard.sip.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.session.SessionTimerPolicy.Negotiated;
import io.switchboard.sip.session.SessionTimerPolicy.UasOutcome;
import org.junit.jupiter.api.Test;

class SessionTimerPolicyTest {
  private final SessionTimerPolicy policy = new SessionTimerPolicy(1800, 90);

  private static SipRequest invite(String... headers) {
    SipHeaders.Builder h = SipHeaders.builder()
        .add("Via", "SIP/2.0/UDP uac.test;branch=z9hG4bK1").add("From", "<sip:a@uac.test>;tag=1")
        .add("To", "<sip:b@uas.test>").add("Call-ID", "c1").add("CSeq", "1 INVITE").add("Max-Forwards", "70");
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new SipRequest("INVITE", "sip:b@uas.test", h.build(), new byte[0]);
  }

  @Test
  void parsesAndFormatsSessionExpiresIncludingTheCompactForm() {
    assertThat(SessionExpires.parse("1800;refresher=uac")).isEqualTo(new SessionExpires(1800, SessionExpires.Refresher.UAC));
    assertThat(SessionExpires.parse(" 90 ; foo=bar ; REFRESHER=UAS").format()).isEqualTo("90;refresher=uas");
    assertThat(SessionExpires.of(invite("x", "600"))).contains(new SessionExpires(600, null));
    assertThatThrownBy(() -> SessionExpires.parse("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionExpires.parse("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionExpires.parse("90;refresher=both")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionExpires.parse("99999999999")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTooShortIntervalGets422WithOurMinSe() {
    UasOutcome o = policy.asUas(invite("Supported", "timer", "Session-Expires", "60"));
    assertThat(o.tooSmall()).isTrue();
    assertThat(o.minSe()).isEqualTo(90);
  }

  @Test
  void theRequestsIntervalAndRefresherAreKeptWhenTheUacSupportsTimers() {
    UasOutcome o = policy.asUas(invite("Supported", "100rel, timer", "Session-Expires", "900;refresher=uac"));
    assertThat(o.tooSmall()).isFalse();
    assertThat(o.timer()).isEqualTo(new Negotiated(900, false, true));
    SipHeaders h = SessionTimerPolicy.toResponse(o.timer(), SipHeaders.builder()).build();
    assertThat(h.values("Session-Expires")).containsExactly("900;refresher=uac");
    assertThat(h.values("Require")).containsExactly("timer");
    assertThat(h.values("Supported")).containsExactly("timer");

    assertThat(policy.asUas(invite("Supported", "timer", "Session-Expires", "900;refresher=uas")).timer())
        .isEqualTo(new Negotiated(900, true, true));
    assertThat(policy.asUas(invite("Supported", "timer", "Session-Expires", "900")).timer())
        .as("no refresher asked: the UAC, which supports timers, refreshes").isEqualTo(new Negotiated(900, false, true));
  }

  @Test
  void aLongerIntervalIsLoweredToOursButNeverBelowTheRequestsMinSe() {
    assertThat(policy.asUas(invite("Supported", "timer", "Session-Expires", "7200")).timer().seconds()).isEqualTo(1800);
    SessionTimerPolicy shortOne = new SessionTimerPolicy(120, 90);
    assertThat(shortOne.asUas(invite("Supported", "timer", "Session-Expires", "7200", "Min-SE", "600")).timer()
        .seconds()).isEqualTo(600);
  }

  @Test
  void withoutTimerSupportTheUasRefreshesAndAsksForNoRequire() {
    assertThat(policy.asUas(invite("Session-Expires", "900;refresher=uac")).timer())
        .as("a proxy added Session-Expires, the UAC cannot refresh").isEqualTo(new Negotiated(900, true, false));
    assertThat(policy.asUas(invite()).timer()).as("nothing asked: we ask for ours and refresh")
        .isEqualTo(new Negotiated(1800, true, false));
    assertThat(SessionTimerPolicy.OFF.asUas(invite()).timer()).isNull();
    assertThat(SessionTimerPolicy.OFF.asUas(invite("Supported", "timer", "Session-Expires", "300")).timer())
        .isEqualTo(new Negotiated(300, false, true));
  }

  @Test
  void unreadableHeadersAreRefused() {
    assertThatThrownBy(() -> policy.asUas(invite("Session-Expires", "soon"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.asUas(invite("Session-Expires", "900", "Min-SE", "-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asUacTheAnswerDecidesAndA422RaisesTheInterval() {
    SipRequest inv = invite();
    SipResponse ok = SipResponses.create(inv, 200);
    assertThat(policy.asUac(ok.withHeaders(ok.headers().with("Session-Expires", "1200;refresher=uas")), 1800))
        .isEqualTo(new Negotiated(1200, false, false));
    assertThat(policy.asUac(ok.withHeaders(ok.headers().with("Session-Expires", "1200;refresher=uac")), 1800)
        .weRefresh()).isTrue();
    assertThat(policy.asUac(ok, 1800)).as("no Session-Expires in the 2xx: we refresh on our own")
        .isEqualTo(new Negotiated(1800, true, false));
    assertThat(policy.asUac(ok, 0)).isNull();

    SipResponse r422 = SipResponses.create(inv, 422);
    assertThat(policy.after422(r422.withHeaders(r422.headers().with("Min-SE", "3600")), 1800)).isEqualTo(3600);
    assertThat(policy.after422(r422, 1800)).as("no Min-SE: give up").isEqualTo(-1);
    assertThat(policy.after422(r422.withHeaders(r422.headers().with("Min-SE", "1800")), 1800)).isEqualTo(-1);

    SipHeaders req = policy.toRequest(1800, false, SipHeaders.builder().add("Supported", "100rel")).build();
    assertThat(req.values("Session-Expires")).containsExactly("1800");
    assertThat(req.values("Min-SE")).containsExactly("90");
    assertThat(req.values("Supported")).containsExactly("100rel, timer");
    assertThat(policy.toRequest(1800, true, SipHeaders.builder()).build().values("Session-Expires"))
        .containsExactly("1800;refresher=uac");
  }

  @Test
  void refreshAtHalfAndExpiryAThirdOrAtMost32SecondsBeforeTheEnd() {
    assertThat(new Negotiated(90, true, false).refreshAfterMs()).isEqualTo(45_000);
    assertThat(new Negotiated(90, false, false).expiresAfterMs()).isEqualTo(60_000);
    assertThat(new Negotiated(1800, false, false).expiresAfterMs()).isEqualTo(1_768_000);
  }
}
