package io.switchboard.directory;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking helpers for test threads (never an event loop). */
public final class Await {
  private Await() {}

  public static <T> T result(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new RuntimeException(e);
    }
  }

  /** The failure of {@code f}; fails the test when it succeeded. */
  public static Throwable failure(Future<?> f) {
    try {
      Object v = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new RuntimeException(e);
    }
  }

  /** The failure of {@code f} as a DirectoryException; fails the test otherwise. */
  public static DirectoryException refusal(Future<?> f) {
    Throwable t = failure(f);
    if (t instanceof DirectoryException d) {
      return d;
    }
    throw new AssertionError("expected a DirectoryException", t);
  }
}
