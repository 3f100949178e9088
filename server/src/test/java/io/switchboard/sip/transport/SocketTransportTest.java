package io.switchboard.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipUri;
import org.junit.jupiter.api.Test;

class SocketTransportTest {
  static SipRequest withVia(String via) {
    SipHeaders h = SipHeaders.builder().add("Via", via).add("Via", "SIP/2.0/UDP next.test;branch=z9hG4bKn")
        .add("Max-Forwards", "70").add("From", "<sip:a@x>;tag=1").add("To", "<sip:b@y>").add("Call-ID", "c")
        .add("CSeq", "1 OPTIONS").build();
    return new SipRequest("OPTIONS", "sip:b@y", h, new byte[0]);
  }

  @Test
  void receivedIsAddedWhenSentByDiffersFromTheSource() {
    SipRequest r = SocketTransport.withReceived(withVia("SIP/2.0/UDP host.test:5060;branch=z9hG4bK1"),
        new Destination(Protocol.UDP, "192.0.2.7", 5060));
    assertThat(r.headers().values("Via")).containsExactly(
        "SIP/2.0/UDP host.test:5060;branch=z9hG4bK1;received=192.0.2.7", "SIP/2.0/UDP next.test;branch=z9hG4bKn");
  }

  @Test
  void nothingAddedWhenSentByIsTheSource() {
    SipRequest in = withVia("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
    assertThat(SocketTransport.withReceived(in, new Destination(Protocol.UDP, "192.0.2.7", 5060))).isSameAs(in);
  }

  @Test
  void rportGetsTheSourcePortAndReceived() {
    SipRequest r = SocketTransport.withReceived(withVia("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport"),
        new Destination(Protocol.UDP, "192.0.2.7", 40123));
    assertThat(r.topVia().rport()).hasValue(40123);
    assertThat(r.topVia().received()).contains("192.0.2.7");
  }

  @Test
  void destinationOfAUriUsesTransportMaddrAndDefaultPort() {
    assertThat(Destination.of(SipUri.parse("sip:bob@host.test")))
        .isEqualTo(new Destination(Protocol.UDP, "host.test", 5060));
    assertThat(Destination.of(SipUri.parse("sip:bob@host.test:5080;transport=TCP;maddr=192.0.2.1")))
        .isEqualTo(new Destination(Protocol.TCP, "192.0.2.1", 5080));
  }
}
