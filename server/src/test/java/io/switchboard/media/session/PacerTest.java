package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final long MS = 1_000_000L;

  private final List<Long> ticks = new ArrayList<>();
  private final Pacer pacer = new Pacer(() -> 0L, 5);

  @Test
  void ticksOnAbsoluteDeadlinesWithoutDrift() {
    pacer.add(ticks::add);
    long t0 = 1_000 * MS;
    assertThat(pacer.runDue(t0)).isEqualTo(t0 + 20 * MS);
    pacer.runDue(t0 + 19 * MS); // woke up early: nothing due
    pacer.runDue(t0 + 23 * MS); // woke up 3 ms late: the tick keeps its deadline
    long next = pacer.runDue(t0 + 40 * MS);
    assertThat(ticks).containsExactly(t0, t0 + 20 * MS, t0 + 40 * MS);
    assertThat(next).isEqualTo(t0 + 60 * MS); // the 3 ms lateness did not shift the schedule
  }

  @Test
  void catchesUpAShortStallAndSkipsTheRestOfALongOne() {
    pacer.add(ticks::add);
    pacer.runDue(0);
    pacer.runDue(100 * MS); // 5 ticks late: all replayed
    assertThat(ticks).hasSize(6);
    ticks.clear();
    pacer.runDue(1100 * MS); // 50 deadlines (120..1100 ms) due: 5 late + the current one run, 44 skipped
    assertThat(ticks).hasSize(6);
    assertThat(ticks.get(ticks.size() - 1)).isEqualTo(1100 * MS);
    assertThat(pacer.skipped()).isEqualTo(44);
    assertThat(pacer.runDue(1100 * MS)).isEqualTo(1120 * MS);
  }

  @Test
  void oneTimerDrivesEverySessionAndAFailingOneDoesNotStopTheOthers() {
    int[] count = new int[1];
    for (int i = 0; i < 1000; i++) {
      pacer.add(now -> count[0]++);
    }
    pacer.add(now -> {
      throw new IllegalStateException("broken session");
    });
    pacer.runDue(0);
    pacer.runDue(20 * MS);
    assertThat(count[0]).isEqualTo(2000);
    assertThat(pacer.ticks()).isEqualTo(2);
    assertThat(pacer.failures()).isEqualTo(2);
  }

  @Test
  void removedSessionsAreNoLongerTicked() {
    Paced p = ticks::add;
    pacer.add(p);
    pacer.runDue(0);
    pacer.remove(p);
    pacer.runDue(20 * MS);
    assertThat(ticks).hasSize(1);
    assertThat(pacer.size()).isZero();
  }

  @Test
  void threadTicksAboutEvery20Ms() throws Exception {
    List<Long> real = java.util.Collections.synchronizedList(new ArrayList<>());
    long skipped;
    try (Pacer p = new Pacer(System::nanoTime, 5)) {
      p.add(real::add);
      p.start();
      Thread.sleep(300);
      p.close();
      skipped = p.skipped();
    }
    assertThat(real.size() + skipped).isBetween(10L, 20L);
    long jumped = 0;
    for (int i = 1; i < real.size(); i++) {
      long gap = real.get(i) - real.get(i - 1);
      // deadlines, exact by construction: 20 ms apart, or a whole number of periods after a stall > 100 ms (a loaded
      // machine) whose ticks were skipped and counted
      assertThat(gap % (20 * MS)).isZero();
      jumped += gap / (20 * MS) - 1;
    }
    assertThat(jumped).isEqualTo(skipped);
  }

  @Test
  void sessionsOnOneExecutorShareOneTaskPerTick() {
    List<Runnable> loopA = new ArrayList<>();
    List<Runnable> loopB = new ArrayList<>();
    java.util.concurrent.Executor a = loopA::add;
    java.util.concurrent.Executor b = loopB::add;
    int[] ticked = new int[1];
    for (int i = 0; i < 500; i++) {
      pacer.add(now -> ticked[0]++, i % 2 == 0 ? a : b);
    }
    pacer.runDue(0);
    assertThat(loopA).hasSize(1);
    assertThat(loopB).hasSize(1);
    assertThat(ticked[0]).isZero(); // nothing ran on the pacer thread
    loopA.forEach(Runnable::run);
    loopB.forEach(Runnable::run);
    assertThat(ticked[0]).isEqualTo(500);
  }
}
