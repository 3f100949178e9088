package io.switchboard.support;

import io.switchboard.redis.EmbeddedRedis;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports for a baresip 1.0 test caller. baresip 1.0 has no way to turn its TCP and TLS transports off: besides UDP
 * and TCP on {@code sip_listen}'s port it binds TLS on the next port, and fails to start when that one is taken
 * (seen in CI: "SIP/TLS transport failed: Address already in use"). So the listen port must have a free neighbour.
 */
public final class BaresipPorts {
  private BaresipPorts() {}

  /** A loopback port free for UDP and TCP whose next port is free for TCP too (checked, then released). */
  public static int sipListen() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int p = EmbeddedRedis.freePort();
      if (p < 65535 && freeUdp(p) && freeTcp(p + 1)) {
        return p;
      }
    }
    throw new IllegalStateException("no loopback port with a free neighbour for baresip");
  }

  private static boolean freeTcp(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean freeUdp(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
