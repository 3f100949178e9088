package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up runner: steps in order, a failed one skipped, nothing started once the budget is spent. */
class WarmUpTest {
  @Test
  void aFailedStepIsReportedAndTheNextOnesStillRun() {
    List<String> ran = new ArrayList<>();
    WarmUp.Report r = WarmUp.run(List.of(
        new WarmUp.Step("a", () -> {
          ran.add("a");
          return Future.succeededFuture();
        }),
        new WarmUp.Step("b", () -> {
          throw new IllegalStateException("broken");
        }),
        new WarmUp.Step("c", () -> {
          ran.add("c");
          return Future.failedFuture("no");
        }),
        new WarmUp.Step("d", () -> {
          ran.add("d");
          return Future.succeededFuture();
        })), Duration.ofSeconds(5));
    assertThat(ran).containsExactly("a", "c", "d");
    assertThat(r.names()).containsExactly("a", "b", "c", "d");
    assertThat(r.millis().get(0)).isNotNegative();
    assertThat(r.millis().subList(1, 3)).containsExactly(-1L, -1L);
    assertThat(r.millis().get(3)).isNotNegative();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.toString()).contains("b=failed", "c=failed").containsPattern("a=\\d+ms");
  }

  @Test
  void aStepStillRunningWhenTheBudgetIsSpentEndsTheWarmUp() {
    List<String> ran = new ArrayList<>();
    long t0 = System.nanoTime();
    WarmUp.Report r = WarmUp.run(List.of(
        new WarmUp.Step("slow", () -> Promise.promise().future()),  // never completes
        new WarmUp.Step("after", () -> {
          ran.add("after");
          return Future.succeededFuture();
        })), Duration.ofMillis(200));
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(150L, 5_000L);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.names()).containsExactly("slow");
    assertThat(ran).isEmpty();
  }
}
