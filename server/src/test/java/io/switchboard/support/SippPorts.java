package io.switchboard.support;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for sipp's {@code -mp}. Sipp binds four UDP sockets from that port up (audio RTP and RTCP, video RTP and
 * RTCP) and exits if any is taken, so a port that is merely free itself is not enough: this one is free with its
 * three neighbours, on loopback.
 */
public final class SippPorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 60_000;

  private SippPorts() {}

  /** An even port p with p..p+3 free for UDP on 127.0.0.1 at the time of the call. */
  public static int freeMediaPort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int p = ThreadLocalRandom.current().nextInt(LOW / 2, HIGH / 2) * 2;
      if (allFree(p, 4)) {
        return p;
      }
    }
    throw new IllegalStateException("no four free UDP ports in a row on 127.0.0.1");
  }

  private static boolean allFree(int first, int count) {
    DatagramSocket[] held = new DatagramSocket[count];
    try {
      for (int i = 0; i < count; i++) {
        held[i] = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + i));
      }
      return true;
    } catch (SocketException taken) {
      return false;
    } finally {
      for (DatagramSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
  }
}
