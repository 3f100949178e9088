package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuPriorityTest {

  /** Field 19 of /proc/<id>/stat is the nice value (after the command name, which is in parentheses). */
  private static int nice(Path stat) throws Exception {
    String s = Files.readString(stat);
    String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void lowersOnlyTheCallingThread() throws Exception {
    int mine = nice(Path.of("/proc/thread-self/stat"));
    AtomicInteger inside = new AtomicInteger(-100);
    AtomicReference<Boolean> applied = new AtomicReference<>();
    Thread t = new Thread(() -> {
      applied.set(CpuPriority.lowerCurrentThread(10, "test"));
      try {
        inside.set(nice(Path.of("/proc/thread-self/stat")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    t.start();
    t.join();
    assertThat(applied.get()).isTrue();
    assertThat(inside.get()).isEqualTo(10);
    assertThat(nice(Path.of("/proc/thread-self/stat"))).as("the caller's thread is untouched").isEqualTo(mine);
  }

  @Test
  void lowersAProcessAndItsChildren() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & wait").start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (parent.toHandle().children().findAny().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long child = parent.toHandle().children().findFirst().orElseThrow().pid();
      assertThat(CpuPriority.lowerProcessTree(parent.pid(), 7, "test")).isTrue();
      assertThat(nice(Path.of("/proc/" + parent.pid() + "/stat"))).isEqualTo(7);
      assertThat(nice(Path.of("/proc/" + child + "/stat"))).isEqualTo(7);
    } finally {
      parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  @Test
  void zeroLeavesPrioritiesAlone() {
    assertThat(CpuPriority.lowerCurrentThread(0, "test")).isFalse();
    assertThat(CpuPriority.lowerProcessTree(ProcessHandle.current().pid(), 0, "test")).isFalse();
  }
}
