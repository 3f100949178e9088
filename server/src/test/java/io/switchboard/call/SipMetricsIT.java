package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.directory.Kind;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SIP gauges as Prometheus scrapes them from /metrics: active calls (inbound, outbound), transactions (server,
 * client) and dialogs go up with a call and back to 0 after it; and every meter of ours carries the switchboard_
 * prefix. Short SIP timers (T1 50 ms, T4 200 ms) so that finished transactions are gone within seconds.
 */
class SipMetricsIT {
  /** Micrometer's JVM and system binders: standard Prometheus names, deliberately not ours to rename. */
  static final Pattern STANDARD = Pattern.compile("(jvm|process|system)_.*");
  static Node node;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    java.util.Map<String, String> settings = new java.util.HashMap<>(TestNodes.randomRtpPorts(100));
    settings.putAll(java.util.Map.of("sip.t1", "50", "sip.t2", "400", "sip.t4", "200",
        "sip.answer-delay-ms", "1500"));
    node = TestNodes.loopback("sip-metrics-it", settings);
    token = TestNodes.login(node.httpPort(), "sam"); // a supervisor may read /metrics
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void inboundCallGaugesGoUpWithTheCallAndBackToZero() throws Exception {
    assertThat(gauge("switchboard_sip_calls_active", "direction=\"inbound\"")).isZero();
    assertThat(gauge("switchboard_sip_dialogs_active", "")).isZero();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      CompletableFuture<SipResponse> answer = CompletableFuture.supplyAsync(() -> caller.invite("+15550100"));
      // ringing for sip.answer-delay-ms: the INVITE's server transaction is open, no dialog yet
      await().atMost(Duration.ofSeconds(3)).until(() -> gauge("switchboard_sip_calls_active",
          "direction=\"inbound\"") == 1 && gauge("switchboard_sip_transactions_active", "kind=\"server\"") >= 1);
      assertThat(gauge("switchboard_sip_dialogs_active", "")).isZero();
      SipResponse ok = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      await().atMost(Duration.ofSeconds(3)).until(() -> gauge("switchboard_sip_dialogs_active", "") == 1);
      assertThat(gauge("switchboard_sip_calls_active", "direction=\"inbound\"")).isEqualTo(1);
      assertThat(caller.bye().status()).isEqualTo(200);
    }
    // Timers L and J end the INVITE's and the BYE's transactions 64*T1 (3.2 s) after their final responses
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new double[] {
        gauge("switchboard_sip_calls_active", "direction=\"inbound\""), gauge("switchboard_sip_dialogs_active", ""),
        gauge("switchboard_sip_transactions_active", "kind=\"server\"")})
        .as("inbound calls, dialogs, server transactions; live: %s", node.transactions().describeServers())
        .containsExactly(0, 0, 0));
  }

  @Test
  void outboundCallGaugesGoUpWithTheCallAndBackToZero() throws Exception {
    try (OutboundUas uas = new OutboundUas(node.vertx(), OutboundCallsIT.OPTIONS, "pw")) {
      node.directory().create("demo", Kind.TRUNK, "metrics-uas", new JsonObject().put("name", "uas")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", uas.port())))
          .put("allowedSources", new JsonArray().add("192.0.2.1"))).await();
      uas.answer = OutboundUas.Answer.RING; // the INVITE stays open: a client transaction, a call, no dialog
      OutboundCall ringing = node.outbound().originate("demo", "metrics-uas", "+15550199", "+15550100",
          OutboundCallsIT.OFFER).await();
      await().atMost(Duration.ofSeconds(3)).until(() -> gauge("switchboard_sip_calls_active",
          "direction=\"outbound\"") == 1 && gauge("switchboard_sip_transactions_active", "kind=\"client\"") >= 1);
      assertThat(gauge("switchboard_sip_dialogs_active", "")).isZero();
      ringing.hangup().await(); // CANCEL

      uas.answer = OutboundUas.Answer.ANSWER;
      OutboundCall call = node.outbound().originate("demo", "metrics-uas", "+15550199", "+15550100",
          OutboundCallsIT.OFFER).await();
      call.answered().await();
      assertThat(gauge("switchboard_sip_calls_active", "direction=\"outbound\"")).isEqualTo(1);
      assertThat(gauge("switchboard_sip_dialogs_active", "")).isEqualTo(1);
      call.hangup().await(); // BYE
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge("switchboard_sip_calls_active",
          "direction=\"outbound\"") == 0 && gauge("switchboard_sip_dialogs_active", "") == 0
          && gauge("switchboard_sip_transactions_active", "kind=\"client\"") == 0);
    }
  }

  @Test
  void everyMeterOfOursCarriesTheSwitchboardPrefix() throws Exception {
    // a datagram that is no SIP: the transport refuses it and counts it (the counter that once lacked the prefix)
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] junk = "this is not SIP\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), node.sipPort()));
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> scrape().contains("switchboard_sip_transport_refused_total"));
    Set<String> names = new TreeSet<>();
    for (String line : scrape().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    assertThat(names).contains("switchboard_sip_calls_active", "switchboard_sip_transactions_active",
        "switchboard_sip_dialogs_active");
    assertThat(names.stream().filter(n -> !n.startsWith("switchboard_") && !STANDARD.matcher(n).matches()))
        .as("meters without the switchboard_ prefix").isEmpty();
  }

  /** The value of the series {@code name} whose labels include {@code label} (all series of the name if ""). */
  static double gauge(String name, String label) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape());
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no series " + name + " with " + label);
    }
    return sum;
  }

  static String scrape() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
