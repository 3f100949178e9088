package io.switchboard.webrtc;

/**
 * Builds our SDP answer, in the form verified against Chromium 156 (see the prototype notes): PCMU 0 plus the
 * offer's telephone-event/8000, BUNDLE with the offer's mid, rtcp-mux, setup:passive (we are the DTLS server),
 * our sha-256 fingerprint, one host candidate, end-of-candidates. No extmap is answered, so the browser sends RTP
 * without header extensions. No a=ssrc either: call control picks the SSRC per packet, and Chromium plays an
 * unsignaled SSRC (verified). Stateless.
 */
final class WebRtcAnswer {
  private WebRtcAnswer() {}

  /**
   * @param sessionId o= session id (a random positive number)
   * @param address our advertised address
   * @param port the shared ICE port
   * @param priority our host candidate's ICE priority
   */
  static String build(WebRtcOffer offer, String ufrag, String pwd, String fingerprint, String address, int port,
      long priority, long sessionId) {
    int te = offer.telephoneEventPt();
    String ip = address.contains(":") ? "IP6" : "IP4";
    StringBuilder sb = new StringBuilder(900);
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " 2 IN " + ip + " " + address);
    line(sb, "s=-");
    line(sb, "t=0 0");
    line(sb, "a=group:BUNDLE " + offer.mid());
    line(sb, "a=msid-semantic: WMS switchboard");
    line(sb, "m=audio " + port + " UDP/TLS/RTP/SAVPF 0" + (te >= 0 ? " " + te : ""));
    line(sb, "c=IN " + ip + " " + address);
    line(sb, "a=rtcp:" + port + " IN " + ip + " " + address);
    line(sb, "a=ice-ufrag:" + ufrag);
    line(sb, "a=ice-pwd:" + pwd);
    line(sb, "a=fingerprint:sha-256 " + fingerprint);
    line(sb, "a=setup:passive");
    line(sb, "a=mid:" + offer.mid());
    line(sb, "a=sendrecv");
    line(sb, "a=msid:switchboard switchboard-audio");
    line(sb, "a=rtcp-mux");
    line(sb, "a=rtpmap:0 PCMU/8000");
    if (te >= 0) {
      line(sb, "a=rtpmap:" + te + " telephone-event/8000");
      line(sb, "a=fmtp:" + te + " 0-16");
    }
    line(sb, "a=ptime:20");
    line(sb, "a=candidate:1 1 udp " + priority + " " + address + " " + port + " typ host");
    line(sb, "a=end-of-candidates");
    return sb.toString();
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }
}
