package io.switchboard.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sip.SipResponse;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.support.Tools;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sipp (Debian sip-tester), an independent SIP implementation, places calls with its built-in uac scenario. */
class SippIT {
  static Vertx vertx;

  @BeforeAll
  static void up() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() {
    vertx.close().await();
  }

  @Test
  void sippUacCallsOverUdp(@TempDir Path dir) throws Exception {
    call(dir, "u1");
  }

  @Test
  void sippUacCallsOverTcp(@TempDir Path dir) throws Exception {
    call(dir, "t1");
  }

  private void call(Path dir, String transport) throws Exception {
    Path sipp = Tools.require("sipp");
    List<String> methods = new CopyOnWriteArrayList<>();
    SipOptions options = SipOptions.DEFAULTS.withTimers(20, 160, 100);
    try (SipNode uas = SipNode.start(vertx, options, tx -> {
      methods.add(tx.request().method());
      SipResponse ok = tx.createResponse(200);
      tx.respond(ok.withHeaders(ok.headers().toBuilder().add("Contact", "<sip:uas@127.0.0.1>").build()));
    })) {
      int local = freePort();
      Process p = new ProcessBuilder(sipp.toString(), "-sn", "uac", "-m", "3", "-l", "1", "-d", "50",
          "-t", transport, "-i", "127.0.0.1", "-p", Integer.toString(local), "-timeout", "15s", "-timeout_error",
          "-nostdin", "-s", "bob", "127.0.0.1:" + uas.transport.udpPort())
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "sipp.out"))
          .start();
      boolean done = p.waitFor(20, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String out = Files.readString(dir.resolve("sipp.out"));
      assertThat(done).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as("sipp exit code (0: every call succeeded)\n" + tail(out)).isZero();
      assertThat(methods).containsExactly("INVITE", "BYE", "INVITE", "BYE", "INVITE", "BYE");
      await().atMost(Duration.ofSeconds(5)).until(() -> uas.active() == 0);
    }
  }

  private static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  private static String tail(String s) {
    return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
  }
}
