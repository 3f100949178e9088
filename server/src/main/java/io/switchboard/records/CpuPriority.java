package io.switchboard.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the Linux CPU priority ("nice") of background work that shares the node's cores with the live call path:
 * the records pipeline's thread, its Redis client's threads and an embedded PostgreSQL's processes. On two cores, a
 * store of record that may lag a few seconds otherwise takes CPU from the event loop that routes the next call; at
 * nice 10 the kernel's scheduler gives it about a tenth of a core's weight whenever both want to run, and all the CPU
 * left over otherwise.
 *
 * <p>Java cannot set a thread's nice value itself, so this runs {@code renice} (util-linux, in every Debian). Linux
 * schedules threads one by one, so a thread's id (from {@code /proc/thread-self}) works as a process id there, and
 * processes forked afterwards (PostgreSQL's backends) inherit the value. Anywhere else (no /proc, no renice) it logs
 * once why and leaves priorities as they are: the node still works, only with less protection for the live path.
 *
 * <p>Threading: each method blocks up to ~2 s for {@code renice}; call it at start-up, off the event loop.
 */
public final class CpuPriority {
  private static final Logger log = LoggerFactory.getLogger(CpuPriority.class);

  private CpuPriority() {
  }

  /** Sets the calling thread's nice value (0 = leave it). True if applied. */
  public static boolean lowerCurrentThread(int nice, String what) {
    if (nice == 0) {
      return false;
    }
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>"
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      return renice(nice, List.of(self.getFileName().toString()), what);
    } catch (IOException | UnsupportedOperationException e) {
      log.info("cpu.priority unchanged what={} why=no /proc/thread-self ({})", what, e.toString());
      return false;
    }
  }

  /**
   * What a thread runs first to take the nice value {@code nice} (0: nothing): for threads a library starts, such as
   * the pipeline's Redis client's I/O thread.
   */
  public static Runnable lowering(int nice, String what) {
    return () -> lowerCurrentThread(nice, what);
  }

  /**
   * Sets the nice value of process {@code pid} and of its children that exist now (0 = leave them); children it forks
   * later inherit it. True if applied.
   */
  public static boolean lowerProcessTree(long pid, int nice, String what) {
    if (nice == 0) {
      return false;
    }
    List<String> ids = new ArrayList<>();
    ids.add(Long.toString(pid));
    ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(c -> ids.add(Long.toString(c.pid()))));
    return renice(nice, ids, what);
  }

  private static boolean renice(int nice, List<String> ids, String what) {
    List<String> command = new ArrayList<>(List.of("renice", Integer.toString(nice), "-p"));
    command.addAll(ids);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        log.info("cpu.priority unchanged what={} why=renice failed: {}", what, out);
        return false;
      }
      log.info("cpu.priority what={} nice={} ids={}", what, nice, ids);
      return true;
    } catch (IOException e) {
      log.info("cpu.priority unchanged what={} why=no renice ({})", what, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
