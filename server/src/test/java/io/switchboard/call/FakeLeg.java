package io.switchboard.call;

import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.webrtc.WebRtcLeg;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WebRtcLeg} in memory for unit tests and the bridge IT while the real WebRTC node is not on main: records
 * what the bridge sends (only while CONNECTED, as the contract says) and lets the test play the browser's side
 * through its listener.
 */
final class FakeLeg implements WebRtcLeg {
  final Listener listener;
  final int telephoneEventPt;
  final List<RtpPacket> sent = new CopyOnWriteArrayList<>();
  volatile State state = State.CONNECTING;
  volatile String closedReason;

  FakeLeg(Listener listener, int telephoneEventPt) {
    this.listener = listener;
    this.telephoneEventPt = telephoneEventPt;
  }

  /** ICE and DTLS "done". */
  void connect() {
    state = State.CONNECTED;
    listener.onConnected();
  }

  /** The leg dies by itself (e.g. consent expired). */
  void die(String reason) {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      closedReason = reason;
      listener.onClosed(reason);
    }
  }

  /** A packet from the browser. */
  void fromBrowser(RtpPacket p) {
    byte[] b = RtpCodec.serialize(p);
    listener.onRtp(b, 0, b.length);
  }

  @Override
  public String answerSdp() {
    return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n";
  }

  @Override
  public int audioPayloadType() {
    return 0;
  }

  @Override
  public int telephoneEventPayloadType() {
    return telephoneEventPt;
  }

  @Override
  public void sendRtp(byte[] data, int off, int len) {
    if (state == State.CONNECTED) {
      try {
        sent.add(RtpCodec.parse(data, off, len));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public void close() {
    die("closed");
  }
}
