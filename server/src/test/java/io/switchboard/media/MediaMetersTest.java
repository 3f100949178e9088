package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaMetersTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void sessionsPortsAndStrictRtpDropsAreReadFromTheMediaNode() {
    MediaNode media = new MediaNode(vertx, MediaOptions.defaults().withPorts(30000, 30199), Clock.systemUTC());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MediaMeters.register(media, registry);
    assertThat(registry.get("switchboard.rtp.sessions").gauge().value()).isZero();
    assertThat(registry.get("switchboard.rtp.port.pairs.used").gauge().value()).isZero();
    assertThat(registry.get("switchboard.rtp.port.pairs.capacity").gauge().value()).isEqualTo(100);
    media.counters().rejected("stranger");
    media.counters().rejected("stranger");
    media.counters().rejected("probation");
    media.counters().rejected("bad-version"); // not strict RTP's
    assertThat(registry.get("switchboard.rtp.dropped").tag("reason", "stranger").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("switchboard.rtp.dropped").tag("reason", "probation").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("switchboard.rtp.dropped").tag("reason", "rtcp-stranger").functionCounter().count())
        .isZero();
    assertThat(registry.find("switchboard.rtp.dropped").functionCounters()).hasSize(3);
    media.close();
  }
}
