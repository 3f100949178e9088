package io.switchboard.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** Blocking work of a request (JDBC) off the event loop. */
final class Workers {
  private Workers() {}

  /** Runs {@code work} on a worker thread (unordered), then {@code done} on the event loop; a failure fails rc. */
  static <T> void blocking(RoutingContext rc, Callable<T> work, Handler<T> done) {
    rc.vertx().executeBlocking(work, false).onSuccess(done).onFailure(rc::fail);
  }
}
