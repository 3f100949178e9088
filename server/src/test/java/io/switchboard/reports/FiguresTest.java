package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each formula of docs/reports.md, on numbers worked out by hand, including the empty cases (null, never 0/100). */
class FiguresTest {

  @Test
  void serviceLevelIsAnsweredInTargetOverAnsweredPlusAbandonedShortAbandonsLeftOut() {
    assertThat(Figures.serviceLevelPercent(3, 4, 2)).isEqualTo(50.0);   // 3 / (4 + 2)
    assertThat(Figures.serviceLevelPercent(2, 3, 0)).isEqualTo(66.67);  // 2 / 3, half up
    assertThat(Figures.serviceLevelPercent(0, 0, 0)).isNull();          // no call: "–", not 100 %
  }

  @Test
  void abandonRateIsAbandonedOverOfferedMinusShortAbandons() {
    assertThat(Figures.abandonPercent(1, 8, 1)).isEqualTo(14.29);       // 1 / 7
    assertThat(Figures.abandonPercent(0, 2, 0)).isEqualTo(0.0);
    assertThat(Figures.abandonPercent(0, 2, 2)).isNull();               // only short abandons
  }

  @Test
  void meansAreInSecondsToTheMillisecondAndNullOverNothing() {
    assertThat(Figures.meanSeconds(10_000, 3)).isEqualTo(3.333);
    assertThat(Figures.meanSeconds(5_001, 2)).isEqualTo(2.501);         // 2.5005 half up
    assertThat(Figures.meanSeconds(0, 0)).isNull();
    assertThat(Figures.seconds(90_500)).isEqualTo(90.5);
  }

  @Test
  void ratesAndPercentages() {
    assertThat(Figures.ratio(5, 2)).isEqualTo(2.5);                     // calls per agent, calls per day
    assertThat(Figures.ratio(1, 3)).isEqualTo(0.33);
    assertThat(Figures.ratio(4, 0)).isNull();
    assertThat(Figures.percent(600_000, 900_000)).isEqualTo(66.67);     // occupancy
    assertThat(Figures.percent(1, 0)).isNull();
  }

  @Test
  void queueFiguresFromSums() {
    // 8 offered: 4 answered (waits 5, 10, 25, 30 s; 2 within 20 s), 2 abandoned, 1 short abandoned, 1 still waiting
    QueueSums s = new QueueSums(8, 4, 2, 1, 2, 70_000, 400_000, 40_000, 80_000, 60_000, 1, 3);
    JsonObject f = Figures.queue(s, 20);
    assertThat(f.fieldNames()).containsExactly("offered", "answered", "abandoned", "shortAbandoned",
        "answeredInServiceLevel", "serviceLevelSeconds", "serviceLevelPercent", "abandonPercent", "asaSeconds",
        "ahtSeconds", "avgTalkSeconds", "avgHoldSeconds", "avgWrapSeconds", "longestWaitSeconds", "transfers",
        "callsPerAgent");
    assertThat(f.getDouble("serviceLevelPercent")).isEqualTo(33.33);    // 2 / (4 + 2)
    assertThat(f.getDouble("abandonPercent")).isEqualTo(28.57);         // 2 / (8 - 1)
    assertThat(f.getDouble("asaSeconds")).isEqualTo(17.5);              // 70 / 4
    assertThat(f.getDouble("ahtSeconds")).isEqualTo(130.0);             // (400 + 40 + 80) / 4
    assertThat(f.getDouble("avgTalkSeconds")).isEqualTo(100.0);
    assertThat(f.getDouble("avgHoldSeconds")).isEqualTo(10.0);
    assertThat(f.getDouble("avgWrapSeconds")).isEqualTo(20.0);
    assertThat(f.getDouble("longestWaitSeconds")).isEqualTo(60.0);
    assertThat(f.getDouble("callsPerAgent")).isEqualTo(1.33);           // 4 / 3
    JsonObject none = Figures.queue(QueueSums.ZERO, 20);
    assertThat(none.getLong("offered")).isZero();
    for (String nullWhenEmpty : new String[] {"serviceLevelPercent", "abandonPercent", "asaSeconds", "ahtSeconds",
        "longestWaitSeconds", "callsPerAgent"}) {
      assertThat(none.getValue(nullWhenEmpty)).as(nullWhenEmpty).isNull();
    }
  }

  @Test
  void agentFiguresFromSums() {
    // 5 offers: 3 answered, 1 rejected, 1 missed; 2 staffed days; 8 h staffed, 5 h ready of which 3 h busy
    AgentSums s = new AgentSums(5, 3, 1, 1, 1, 300_000, 30_000, 60_000, 8 * 3_600_000L, 3 * 3_600_000L,
        5 * 3_600_000L, 2);
    JsonObject f = Figures.agent(s);
    assertThat(f.fieldNames()).containsExactly("offered", "answered", "rejected", "missed", "transfers", "ahtSeconds",
        "avgTalkSeconds", "avgHoldSeconds", "avgWrapSeconds", "staffedSeconds", "occupancyPercent", "callsPerDay");
    assertThat(f.getDouble("ahtSeconds")).isEqualTo(130.0);             // (300 + 30 + 60) / 3
    assertThat(f.getDouble("staffedSeconds")).isEqualTo(28_800.0);
    assertThat(f.getDouble("occupancyPercent")).isEqualTo(60.0);        // 3 h / 5 h
    assertThat(f.getDouble("callsPerDay")).isEqualTo(1.5);              // 3 / 2
    assertThat(Figures.agent(AgentSums.ZERO).getValue("occupancyPercent")).isNull();
    assertThat(Figures.agent(AgentSums.ZERO).getValue("callsPerDay")).isNull();
    assertThat(s.plus(s).staffedDays()).isEqualTo(4);                   // teams add agent-days
  }

  @Test
  void theSqlClassificationIsTheDocumentedOne() {
    String sql = Figures.queueAggregates(5000);
    assertThat(sql).contains("i.outcome = 'abandoned' AND i.wait_ms < 5000")
        .contains("i.outcome = 'abandoned' AND i.wait_ms >= 5000")
        .contains("i.answered_at IS NOT NULL AND i.wait_ms <= i.sl_ms")
        .doesNotContain(":short");
  }
}
