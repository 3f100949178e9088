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

  /** RFC 3261 §18.2.2 with RFC 3581: where a response goes once the request's connection (if any) is gone. */
  @Test
  void responsesGoOverTheArrivalTransportToWhereRfc3261Section18_2_2Says() {
    Destination udpSource = new Destination(Protocol.UDP, "192.0.2.7", 40123);
    // the Via claims TCP, the request came over UDP: answered over UDP
    assertThat(SocketTransport.responseDestination(
        io.switchboard.sip.Via.parse("SIP/2.0/TCP 192.0.2.7:5070;branch=z9hG4bK1"), udpSource))
        .isEqualTo(new Destination(Protocol.UDP, "192.0.2.7", 5070));
    // rport filled in: back where it came from
    assertThat(SocketTransport.responseDestination(
        io.switchboard.sip.Via.parse("SIP/2.0/UDP host.test:5070;branch=z9hG4bK1;rport=40123;received=192.0.2.7"),
        udpSource)).isEqualTo(udpSource);
    // received without rport: the received address and the sent-by port, 5060 when absent
    assertThat(SocketTransport.responseDestination(
        io.switchboard.sip.Via.parse("SIP/2.0/UDP host.test;branch=z9hG4bK1;received=192.0.2.7"), udpSource))
        .isEqualTo(new Destination(Protocol.UDP, "192.0.2.7", 5060));
    // maddr without rport
    assertThat(SocketTransport.responseDestination(
        io.switchboard.sip.Via.parse("SIP/2.0/UDP host.test:5080;branch=z9hG4bK1;maddr=239.1.1.1;received=192.0.2.7"),
        udpSource)).isEqualTo(new Destination(Protocol.UDP, "239.1.1.1", 5080));
    // reliable, connection gone: a new one to the source address and the sent-by port (5061 for TLS)
    assertThat(SocketTransport.responseDestination(
        io.switchboard.sip.Via.parse("SIP/2.0/TLS host.test;branch=z9hG4bK1;rport=50000;received=2001:db8::7"),
        new Destination(Protocol.TLS, "2001:db8::7", 50000)))
        .isEqualTo(new Destination(Protocol.TLS, "2001:db8::7", 5061));
  }

  @Test
  void remoteAddressesAreComparedInOneForm() {
    assertThat(Destination.remote(Protocol.UDP, "0:0:0:0:0:0:0:1", 5060).host()).isEqualTo("::1");
    assertThat(Destination.remote(Protocol.UDP, "::ffff:127.0.0.1", 5060).host()).isEqualTo("127.0.0.1");
    assertThat(Destination.remote(Protocol.UDP, "2001:DB8:0:0:0:0:0:7", 5060).host()).isEqualTo("2001:db8::7");
    assertThat(Destination.remote(Protocol.UDP, "192.0.2.7", 5060).host()).isEqualTo("192.0.2.7");
  }

  @Test
  void aSipsUriIsReachedOverTlsOn5061() {
    assertThat(Destination.of(SipUri.parse("sips:bob@host.test")))
        .isEqualTo(new Destination(Protocol.TLS, "host.test", 5061));
    assertThat(Destination.of(SipUri.parse("sip:bob@host.test;transport=tls")))
        .isEqualTo(new Destination(Protocol.TLS, "host.test", 5061));
  }

  /** §8.1.1.8 / §26.2.2: our Contact names the arrival transport; sips: when asked, over TLS only. */
  @Test
  void contactsNameTheTransportTheDialogWasSetUpOver() {
    assertThat(Contacts.uri("203.0.113.5:5060", Protocol.UDP, -1, false)).isEqualTo("sip:203.0.113.5:5060");
    assertThat(Contacts.uri("203.0.113.5:5060", Protocol.TCP, -1, false))
        .isEqualTo("sip:203.0.113.5:5060;transport=tcp");
    assertThat(Contacts.uri("203.0.113.5:5060", Protocol.TLS, 5061, false))
        .isEqualTo("sip:203.0.113.5:5061;transport=tls");
    assertThat(Contacts.uri("[2001:db8::5]:5060", Protocol.TLS, 5061, true)).isEqualTo("sips:[2001:db8::5]:5061");
    assertThat(Contacts.uri("203.0.113.5:5060", Protocol.UDP, -1, true)).as("sips: not over UDP")
        .isEqualTo("sip:203.0.113.5:5060");
  }
}
