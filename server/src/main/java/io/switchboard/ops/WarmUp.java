package io.switchboard.ops;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's warm-up steps one after the other, each timed, all within one time budget, and logs what each took.
 * A step that fails is logged and skipped (warm-up only spares the first callers some latency; it never stops a
 * start); once the budget is spent the step still running is left to finish in the background and the rest are not
 * run.
 *
 * <p>Threading: {@link #run} blocks the calling thread until the steps are done or the budget is spent; call it from a
 * plain thread (the node's start), never from an event loop. A step's work may complete on any thread.
 */
public final class WarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

  /** One step: {@code run} starts it and returns its completion (a plain step returns a completed future). */
  public record Step(String name, Callable<Future<?>> run) {}

  /** What each step took, in milliseconds, in order; {@code -1} for a step that failed, absent for one not reached. */
  public record Report(List<String> names, List<Long> millis, long totalMillis, boolean timedOut) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        sb.append(i == 0 ? "" : " ").append(names.get(i)).append('=')
            .append(millis.get(i) < 0 ? "failed" : millis.get(i) + "ms");
      }
      return sb.toString();
    }
  }

  private WarmUp() {}

  public static Report run(List<Step> steps, Duration budget) {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    List<String> names = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    boolean timedOut = false;
    for (Step step : steps) {
      long t0 = System.nanoTime();
      if (t0 >= deadline) {
        timedOut = true;
        break;
      }
      names.add(step.name());
      try {
        step.run().call().toCompletionStage().toCompletableFuture().get(deadline - t0, TimeUnit.NANOSECONDS);
        millis.add((System.nanoTime() - t0) / 1_000_000);
      } catch (TimeoutException e) {
        millis.add(-1L);
        timedOut = true;
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        millis.add(-1L);
        break;
      } catch (Exception e) {
        LOG.warn("warmup.step-failed step={} error={}", step.name(), e.toString());
        millis.add(-1L);
      }
    }
    Report report = new Report(names, millis, (System.nanoTime() - start) / 1_000_000, timedOut);
    if (timedOut) {
      LOG.warn("warmup.timed-out budgetMs={} steps={}", budget.toMillis(), report);
    } else {
      LOG.info("warmup.done ms={} steps={}", report.totalMillis(), report);
    }
    return report;
  }
}
