package io.switchboard.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With both ports 0, the transport binds UDP first and TCP on the same number; when that TCP port is already taken
 * it binds both again. That retry once failed on the reused TCP server ("Listen already called", thrown out of
 * start), so a node could fail to start, depending on which port the kernel happened to pick.
 */
class TwinPortIT {
  /** TCP ports held so that a random UDP pick often finds its TCP twin taken (about a quarter of the range). */
  static final int HELD = 7000;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void takenTcpTwinIsRetriedWithFreshListeners() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    List<ServerSocket> held = new ArrayList<>();
    List<SocketTransport> started = new ArrayList<>();
    try {
      for (int i = 0; i < HELD; i++) {
        held.add(new ServerSocket(0, 1, loopback));
      }
      SocketTransport retried = null;
      for (int i = 0; i < 60 && retried == null; i++) { // P(no collision in 60) < 1e-6 with a quarter held
        SocketTransport t = SocketTransport.start(vertx, SipOptions.DEFAULTS, "127.0.0.1", 0, 0).await();
        started.add(t);
        assertThat(t.tcpPort()).as("one number for UDP and TCP").isEqualTo(t.udpPort());
        if (t.listenAttempts() > 1) {
          retried = t;
        }
      }
      assertThat(retried).as("no start met a taken TCP twin: the test did not provoke the retry").isNotNull();
    } finally {
      for (SocketTransport t : started) {
        t.close().await();
      }
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
