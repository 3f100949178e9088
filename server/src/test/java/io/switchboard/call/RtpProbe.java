package io.switchboard.call;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpFormatException;
import io.switchboard.media.rtp.RtpPacket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** A test's own UDP socket as a far end's media: what arrived, and whether it carries a tone. */
final class RtpProbe {
  private RtpProbe() {}

  /** Whether something (sipp, once it listens) has bound {@code port} on loopback. */
  static boolean bound(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  /** The datagrams waiting on {@code s} (each receive waits up to its SO_TIMEOUT). */
  static List<DatagramPacket> receive(DatagramSocket s) throws Exception {
    List<DatagramPacket> out = new ArrayList<>();
    while (true) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return out;
      }
      out.add(p);
    }
  }

  /** An RTP PCMU packet carrying {@code hz}. */
  static boolean tone(DatagramPacket p, double hz) {
    if (p.getLength() < 12 || (p.getData()[1] & 0x7F) != 0) {
      return false;
    }
    try {
      RtpPacket r = RtpCodec.parse(p.getData(), 0, p.getLength());
      return Goertzel.detect(SipCaller.pcm(r.payload()), hz);
    } catch (RtpFormatException e) {
      return false;
    }
  }
}
