package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query parameters: instants or local dates, defaults, and a 400 naming the parameter for each bad one. */
class ReportRequestTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T15:00:00Z"), ZoneOffset.UTC);

  static ReportRequest parse(ReportRequest.Kind kind, String... kv) {
    Map<String, List<String>> params = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      params.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
    }
    return ReportRequest.parse(kind, params, CLOCK, 5);
  }

  static ReportException bad(ReportRequest.Kind kind, String... kv) {
    return catchThrowableOfType(ReportException.class, () -> parse(kind, kv));
  }

  @Test
  void localDatesAreMidnightInTheZoneAndInstantsAreInstants() {
    ReportRequest r = parse(ReportRequest.Kind.QUEUES, "from", "2026-12-01", "to", "2026-12-02T06:30:00+01:00",
        "tz", "Europe/Madrid", "interval", "15m", "queue", "a,b", "queue", "c", "queue", "a");
    assertThat(r.from()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(r.to()).isEqualTo(Instant.parse("2026-12-02T05:30:00Z"));
    assertThat(r.interval()).isEqualTo(Interval.QUARTER_HOUR);
    assertThat(r.filter("queue")).containsExactly("a", "b", "c");
    assertThat(r.shortAbandonSeconds()).isEqualTo(5);
  }

  @Test
  void defaultsAreTodayByHourInUtc() {
    ReportRequest r = parse(ReportRequest.Kind.AGENTS);
    assertThat(r.from()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(r.to()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
    assertThat(r.interval()).isEqualTo(Interval.HOUR);
    assertThat(r.zone().getId()).isEqualTo("UTC");
    assertThat(parse(ReportRequest.Kind.AGENTS, "shortAbandonSeconds", "0").shortAbandonSeconds()).isZero();
  }

  @Test
  void eachBadParameterIsNamed() {
    assertThat(bad(ReportRequest.Kind.QUEUES, "from", "2026-12-02", "to", "2026-12-01").parameter()).isEqualTo("from");
    assertThat(bad(ReportRequest.Kind.QUEUES, "from", "2026-12-02", "to", "2026-12-02").parameter()).isEqualTo("to");
    assertThat(bad(ReportRequest.Kind.QUEUES, "from", "yesterday").parameter()).isEqualTo("from");
    assertThat(bad(ReportRequest.Kind.QUEUES, "to", "2026-13-01").parameter()).isEqualTo("to");
    assertThat(bad(ReportRequest.Kind.QUEUES, "interval", "month").parameter()).isEqualTo("interval");
    assertThat(bad(ReportRequest.Kind.QUEUES, "tz", "Mars/Olympus").parameter()).isEqualTo("tz");
    assertThat(bad(ReportRequest.Kind.QUEUES, "shortAbandonSeconds", "-1").parameter())
        .isEqualTo("shortAbandonSeconds");
    assertThat(bad(ReportRequest.Kind.QUEUES, "shortAbandonSeconds", "2.5").parameter())
        .isEqualTo("shortAbandonSeconds");
    assertThat(bad(ReportRequest.Kind.QUEUES, "agent", "alice").parameter()).isEqualTo("agent");
    assertThat(bad(ReportRequest.Kind.TEAMS, "queue", "support").parameter()).isEqualTo("queue");
    assertThat(bad(ReportRequest.Kind.QUEUES, "tz", "UTC", "tz", "Europe/Madrid").parameter()).isEqualTo("tz");
    assertThat(bad(ReportRequest.Kind.QUEUES, "interval", "month").status()).isEqualTo(400);
  }
}
