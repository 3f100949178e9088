package io.switchboard.call;

import static org.awaitility.Awaitility.await;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpFormatException;
import io.switchboard.media.rtp.RtpPacket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * The datagrams waiting on {@code s}: until none arrives within its SO_TIMEOUT, or for at most 200 ms. The bound
   * matters when a stream never pauses (music at 50 packets/s against a 20 ms timeout): without it a caller polling
   * in a loop would never get its turn back.
   */
  static List<DatagramPacket> receive(DatagramSocket s) throws Exception {
    List<DatagramPacket> out = new ArrayList<>();
    long deadline = System.nanoTime() + 200_000_000L;
    while (System.nanoTime() < deadline) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return out;
      }
      out.add(p);
    }
    return out;
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

  /**
   * Media flows both ways between an agent's browser leg and a called party (the test's socket {@code callee}, whose
   * address the node's offer named): the leg's {@code BridgeNode.AGENT_HZ} tone reaches the socket, then the
   * socket's {@code BridgeNode.CALLER_HZ} tone, sent back to where the node's RTP came from, reaches the leg.
   */
  static void bothWays(DatagramSocket callee, FakeLeg leg) throws Exception {
    callee.setSoTimeout(20);
    List<DatagramPacket> atCallee = new ArrayList<>();
    AtomicInteger seq = new AtomicInteger();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      int i = seq.getAndIncrement();
      leg.fromBrowser(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B,
          SipCaller.ulawTone(BridgeNode.AGENT_HZ)));
      atCallee.addAll(receive(callee));
      return atCallee.stream().anyMatch(p -> tone(p, BridgeNode.AGENT_HZ));
    });
    int nodePort = atCallee.stream().filter(p -> tone(p, BridgeNode.AGENT_HZ)).findFirst().orElseThrow().getPort();
    for (int i = 0; i < 10; i++) {
      byte[] b = RtpCodec.serialize(RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11,
          SipCaller.ulawTone(BridgeNode.CALLER_HZ)));
      callee.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), nodePort));
      Thread.sleep(20);
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> leg.sent.stream()
        .filter(p -> Goertzel.detect(SipCaller.pcm(p.payload()), BridgeNode.CALLER_HZ)).count() >= 5);
  }
}
