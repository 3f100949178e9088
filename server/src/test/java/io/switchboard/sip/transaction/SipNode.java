package io.switchboard.sip.transaction;

import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.SocketTransport;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** A transport and transaction layer on 127.0.0.1 free ports, for integration tests; call in from any thread. */
public final class SipNode implements AutoCloseable {
  public final SocketTransport transport;
  public final TransactionLayer layer;

  private SipNode(SocketTransport transport, TransactionLayer layer) {
    this.transport = transport;
    this.layer = layer;
  }

  public static SipNode start(Vertx vertx, SipOptions options, TransactionUser tu) {
    return start(vertx, options, "127.0.0.1", tu);
  }

  /** As {@link #start(Vertx, SipOptions, TransactionUser)}, bound to {@code host} (another loopback address). */
  public static SipNode start(Vertx vertx, SipOptions options, String host, TransactionUser tu) {
    SocketTransport t = SocketTransport.start(vertx, options, host, 0, 0).await();
    TransactionLayer layer = on(t, () -> new TransactionLayer(t, new VertxTimers(t.context()), options, tu));
    return new SipNode(t, layer);
  }

  /** Runs {@code work} on the transport's event loop and waits for its result. */
  public static <T> T on(SocketTransport t, Callable<T> work) {
    Promise<T> p = Promise.promise();
    t.context().runOnContext(v -> {
      try {
        p.complete(work.call());
      } catch (Exception e) {
        p.fail(e);
      }
    });
    return p.future().await();
  }

  public <T> T on(Callable<T> work) {
    return on(transport, work);
  }

  public int active() {
    return on(layer::activeCount);
  }

  public Destination udp() {
    return new Destination(Protocol.UDP, "127.0.0.1", transport.udpPort());
  }

  public Destination tcp() {
    return new Destination(Protocol.TCP, "127.0.0.1", transport.tcpPort());
  }

  @Override
  public void close() {
    transport.close().await();
  }
}
