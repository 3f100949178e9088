package io.switchboard.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for sipp's {@code -p} and {@code -mp}, on loopback. Sipp binds its SIP port for UDP (and TCP with {@code -t
 * t1}) and four UDP sockets from its media port up (audio RTP and RTCP, video RTP and RTCP), and exits if any is
 * taken. Ports come from 20000-32767: below the kernel's ephemeral range (32768-60999), so no connection or UDP
 * socket of another process gets one between our check and sipp's bind, and above the test nodes' RTP ports
 * ({@link TestNodes#randomRtpPorts}).
 */
public final class SippPorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_766;

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

  /** A port free for UDP and TCP on 127.0.0.1 at the time of the call, for sipp's {@code -p}. */
  public static int freeSignalingPort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int p = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (allFree(p, 1) && tcpFree(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no free UDP and TCP port on 127.0.0.1");
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
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
