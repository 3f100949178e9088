package io.switchboard.sip.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.transaction.SipIds;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DialogTest {
  static SipRequest invite() {
    SipHeaders h = SipHeaders.builder()
        .add("Via", "SIP/2.0/UDP uac.test:5060;branch=z9hG4bK1")
        .add("Max-Forwards", "70")
        .add("From", "\"Alice\" <sip:alice@uac.test>;tag=a1")
        .add("To", "<sip:bob@uas.test>")
        .add("Call-ID", "c1@uac.test")
        .add("CSeq", "7 INVITE")
        .add("Contact", "<sip:alice@10.0.0.1:5070>")
        .add("Record-Route", "<sip:p1.test;lr>")
        .add("Record-Route", "<sip:p2.test;lr>")
        .build();
    return new SipRequest("INVITE", "sip:bob@uas.test", h, new byte[0]);
  }

  static SipResponse ok(SipRequest invite, int status) {
    SipResponse r = SipResponses.create(invite, status, SipResponses.reason(status), "b2");
    SipHeaders.Builder h = r.headers().toBuilder().add("Contact", "<sip:bob@10.0.0.2:5080;transport=tcp>");
    invite.headers().values("Record-Route").forEach(v -> h.add("Record-Route", v));
    return r.withHeaders(h.build());
  }

  @Test
  void uacDialogFromA2xx() {
    SipRequest invite = invite();
    Dialog d = Dialog.asUac(invite, ok(invite, 200), "sip:alice@10.0.0.1:5070");
    assertThat(d.id()).isEqualTo(new DialogId("c1@uac.test", "a1", "b2"));
    assertThat(d.state()).isEqualTo(Dialog.State.CONFIRMED);
    assertThat(d.remoteTarget()).isEqualTo("sip:bob@10.0.0.2:5080;transport=tcp");
    // §12.1.2: the Record-Route of the response, reversed
    assertThat(d.routeSet()).extracting(r -> r.uri()).containsExactly("sip:p2.test;lr", "sip:p1.test;lr");
    assertThat(d.localSeq()).isEqualTo(7);
    assertThat(d.nextHop()).isEqualTo(new Destination(Protocol.UDP, "p2.test", 5060));

    SipRequest bye = d.newRequest("BYE");
    assertThat(bye.requestUri()).isEqualTo("sip:bob@10.0.0.2:5080;transport=tcp");
    assertThat(bye.headers().values("Route")).containsExactly("<sip:p2.test;lr>", "<sip:p1.test;lr>");
    assertThat(bye.cseq().format()).isEqualTo("8 BYE");
    assertThat(bye.from().tag()).contains("a1");
    assertThat(bye.to().tag()).contains("b2");
    assertThat(bye.callId()).isEqualTo("c1@uac.test");
    assertThat(bye.headers().contains("Via")).isFalse();
    assertThat(bye.headers().contains("Contact")).isFalse();
    assertThat(d.state()).isEqualTo(Dialog.State.TERMINATED);
  }

  @Test
  void ackFor2xxCarriesTheInviteCSeqAndReInviteTheNextOneWithContact() {
    SipRequest invite = invite();
    Dialog d = Dialog.asUac(invite, ok(invite, 200), "sip:alice@10.0.0.1:5070");
    SipRequest ack = d.ack(7);
    assertThat(ack.cseq().format()).isEqualTo("7 ACK");
    assertThat(ack.method()).isEqualTo("ACK");
    SipRequest reinvite = d.newRequest("INVITE");
    assertThat(reinvite.cseq().format()).isEqualTo("8 INVITE");
    assertThat(reinvite.contacts().get(0).uri()).isEqualTo("sip:alice@10.0.0.1:5070");
    assertThatThrownBy(() -> d.newRequest("ACK")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void earlyDialogFrom180ConfirmedBy200WhichRefreshesTheTarget() {
    SipRequest invite = invite();
    Dialog d = Dialog.asUac(invite, ok(invite, 180), null);
    assertThat(d.state()).isEqualTo(Dialog.State.EARLY);
    SipResponse ok = ok(invite, 200);
    ok = ok.withHeaders(ok.headers().with("Contact", "<sip:bob@10.0.0.3>"));
    d.onResponse(ok);
    assertThat(d.state()).isEqualTo(Dialog.State.CONFIRMED);
    assertThat(d.remoteTarget()).isEqualTo("sip:bob@10.0.0.3");
  }

  @Test
  void noDialogWithoutToTagOrFrom100() {
    SipRequest invite = invite();
    SipResponse noTag = SipResponses.create(invite, 180);
    assertThatThrownBy(() -> Dialog.asUac(invite, noTag, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dialog.asUac(invite, ok(invite, 100), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void uasDialogKeepsRecordRouteOrderAndChecksCSeq() {
    SipRequest invite = invite();
    Dialog d = Dialog.asUas(invite, ok(invite, 200), "sip:bob@10.0.0.2");
    assertThat(d.id()).isEqualTo(new DialogId("c1@uac.test", "b2", "a1"));
    assertThat(d.routeSet()).extracting(r -> r.uri()).containsExactly("sip:p1.test;lr", "sip:p2.test;lr");
    assertThat(d.remoteTarget()).isEqualTo("sip:alice@10.0.0.1:5070");
    assertThat(d.remoteSeq()).isEqualTo(7);
    SipRequest bye = d.newRequest("BYE");
    assertThat(bye.cseq().number()).isEqualTo(1); // local sequence was empty (§12.1.1)
    assertThat(bye.from().tag()).contains("b2");
    assertThat(bye.to().tag()).contains("a1");
    assertThat(bye.to().uri()).isEqualTo("sip:alice@uac.test");

    SipRequest old = invite.withHeaders(invite.headers().with("CSeq", "6 INFO"));
    assertThat(d.onRequest(new SipRequest("INFO", "sip:bob@10.0.0.2", old.headers(), new byte[0]))).isFalse();
    SipRequest next = invite.withHeaders(invite.headers().with("CSeq", "8 BYE"));
    assertThat(d.onRequest(new SipRequest("BYE", "sip:bob@10.0.0.2", next.headers(), new byte[0]))).isTrue();
    assertThat(d.remoteSeq()).isEqualTo(8);
    assertThat(DialogId.ofIncoming(next.withHeaders(next.headers().with("To", "<sip:bob@uas.test>;tag=b2"))))
        .isEqualTo(d.id());
  }

  @Test
  void strictRouterGetsTheRequestUriAndTheTargetGoesLast() {
    SipRequest invite = invite();
    SipHeaders h = invite.headers().toBuilder().remove("Record-Route").add("Record-Route", "<sip:strict.test>")
        .build();
    invite = invite.withHeaders(h);
    Dialog d = Dialog.asUas(invite, SipResponses.create(invite, 200, "OK", "b2"), null);
    SipRequest bye = d.newRequest("BYE");
    assertThat(bye.requestUri()).isEqualTo("sip:strict.test");
    assertThat(bye.headers().values("Route")).containsExactly("<sip:alice@10.0.0.1:5070>");
  }

  @Test
  void idsAreRandomTokensAndBranchesCarryTheCookie() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String b = SipIds.branch();
      assertThat(b).startsWith("z9hG4bK").hasSizeGreaterThan(20);
      assertThat(seen.add(b)).isTrue();
      assertThat(seen.add(SipIds.tag())).isTrue();
      assertThat(seen.add(SipIds.callId(null))).isTrue();
    }
    assertThat(SipIds.callId("host.test")).endsWith("@host.test");
  }

  /** A BYE from bytes, with the given tags, in the dialog of {@link #invite()} answered by {@link #ok}. */
  private static SipRequest byeBytes(String fromTag, String toTag) throws Exception {
    String msg = "BYE sip:bob@10.0.0.2:5080 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP uac.test:5060;branch=z9hG4bK9\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: \"Alice\" <sip:alice@uac.test>;tag=" + fromTag + "\r\n"
        + "To: <sip:bob@uas.test>;tag=" + toTag + "\r\n"
        + "Call-ID: c1@uac.test\r\n"
        + "CSeq: 8 BYE\r\n"
        + "Content-Length: 0\r\n\r\n";
    return (SipRequest) new io.switchboard.sip.SipParser().parse(msg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void anIncomingRequestBelongsToTheUasDialogOnlyWithCallIdAndBothTags() throws Exception {
    SipRequest invite = invite();
    Dialog uas = Dialog.asUas(invite, ok(invite, 200), "sip:bob@10.0.0.2:5080");
    assertThat(DialogId.ofIncoming(byeBytes("a1", "b2"))).isEqualTo(uas.id());
    assertThat(DialogId.ofIncoming(byeBytes("a1", "made-up"))).as("made-up To tag").isNotEqualTo(uas.id());
    assertThat(DialogId.ofIncoming(byeBytes("made-up", "b2"))).as("made-up From tag").isNotEqualTo(uas.id());
    assertThat(DialogId.ofIncoming(byeBytes("b2", "a1"))).as("tags swapped").isNotEqualTo(uas.id());
  }

  @Test
  void aUasResponseCopiesTheRecordRouteOfTheRequestInOrder() {
    SipRequest invite = invite();
    SipResponse plain = SipResponses.create(invite, 200, "OK", "b2");
    plain = plain.withHeaders(plain.headers().toBuilder().add("Record-Route", "<sip:stale.test;lr>").build());
    SipResponse ok = Dialog.recordRouted(invite, plain);
    assertThat(ok.headers().values("Record-Route")).containsExactly("<sip:p1.test;lr>", "<sip:p2.test;lr>");
    // and the UAS's own route set is that order: its BYE goes to p1 first
    Dialog uas = Dialog.asUas(invite, ok, "sip:bob@10.0.0.2:5080");
    assertThat(uas.nextHop()).isEqualTo(new Destination(Protocol.UDP, "p1.test", 5060));
    assertThat(uas.newRequest("BYE").headers().values("Route")).containsExactly("<sip:p1.test;lr>",
        "<sip:p2.test;lr>");
  }
}
