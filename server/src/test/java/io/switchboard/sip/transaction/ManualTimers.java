package io.switchboard.sip.transaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link Timers} driven by hand: {@link #advance} moves a virtual clock and runs what fell due, in due
 * order (ties in scheduling order), including tasks scheduled by those tasks. Single-threaded.
 */
public final class ManualTimers implements Timers {
  private record Task(long id, long due, Runnable run) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long nextId;

  @Override
  public long schedule(long delayMs, Runnable task) {
    long id = nextId++;
    tasks.add(new Task(id, now + delayMs, task));
    return id;
  }

  @Override
  public void cancel(long id) {
    tasks.removeIf(t -> t.id == id);
  }

  /** Virtual milliseconds since creation. */
  public long now() {
    return now;
  }

  public int pending() {
    return tasks.size();
  }

  public void advance(long ms) {
    long until = now + ms;
    while (true) {
      Task next = tasks.stream().filter(t -> t.due <= until)
          .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::id)).orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      now = next.due;
      next.run.run();
    }
    now = until;
  }
}
