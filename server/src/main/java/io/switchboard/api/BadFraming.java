package io.switchboard.api;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request whose body the HTTP decoder could not frame (a malformed chunk size or trailer, a chunk line too
 * long): the client's fault, so 400 with one short log line, not a 500 with a stack trace. Netty has already
 * given up on the connection's framing, so the answer asks to close it.
 */
public final class BadFraming {
  private static final Logger LOG = LoggerFactory.getLogger(BadFraming.class);

  private BadFraming() {}

  /**
   * True for a decoder failure of the request, anywhere in the cause chain. Netty reports some framing errors as
   * plain exceptions (a bad chunk size is a NumberFormatException thrown by its HTTP decoder), so those count
   * when they were thrown inside Netty's codec; the same exception from our own code stays a 500 (a bug).
   */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DecoderException || t instanceof TooLongFrameException
          || t instanceof PrematureChannelClosureException || thrownByNettyCodec(t)) {
        return true;
      }
    }
    return false;
  }

  /** The connection closed under the request (often right after bad framing): nobody is left to answer. */
  public static boolean gone(Throwable failure) {
    return failure instanceof HttpClosedException;
  }

  private static boolean thrownByNettyCodec(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return st.length > 0 && st[0].getClassName().startsWith("io.netty.handler.codec.");
  }

  /**
   * Route handler, mounted first: answers a framing failure that arrives while no body handler is reading yet
   * (e.g. while the bearer check waits for Redis). Vert.x reports it to the request's exception handler and then
   * closes the connection, so the 400 must be written from there, at once. A body handler installed later
   * replaces this one; its failure reaches the routes' failure handlers, which answer the same way.
   */
  public static void watch(RoutingContext rc) {
    rc.request().exceptionHandler(e -> {
      if (is(e)) {
        answer(rc, e);
      }
    });
    rc.next();
  }

  /** Answers 400 problem+json (if the response can still be sent) and logs one line without a stack trace. */
  public static void answer(RoutingContext rc) {
    answer(rc, rc.failure());
  }

  private static void answer(RoutingContext rc, Throwable cause) {
    LOG.info("http.bad-framing method={} path={} remote={} error={}", rc.request().method(), rc.normalizedPath(),
        rc.request().remoteAddress(), cause == null ? "-" : cause.getClass().getSimpleName());
    rc.response().putHeader("Connection", "close");
    Problem.badRequest("the request body is malformed (bad chunked framing or encoding)").send(rc.response());
  }
}
