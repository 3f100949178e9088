package io.switchboard.media.session;

import io.switchboard.media.MediaOptions;
import io.switchboard.media.rtp.RtpCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The UDP side of one call leg: an RTP socket on an even port from the node's range and an RTCP socket on the next
 * port (RFC 3550 11), both Vert.x datagram sockets. Feeds received datagrams to the attached {@link RtpSession}
 * and is its {@link MediaTransport}. The only media class that owns sockets.
 *
 * <p>Lifecycle: {@link #open} (port known, for the SDP answer) → {@link #attach} (after negotiation) →
 * {@link #close} (releases the port). Datagrams before attach are dropped.
 */
public final class RtpEndpoint implements MediaTransport {
  private static final int BIND_ATTEMPTS = 16;

  private final DatagramSocket rtp;
  private final DatagramSocket rtcp;
  private final int port;
  private final PortAllocator ports;
  private final MediaCounters counters;
  private final LongSupplier nanoClock;
  private final Context context;
  private final OrderedSender rtpOut;
  private final OrderedSender rtcpOut;
  private volatile RtpSession session;
  private volatile boolean rtcpMux;
  private volatile boolean closed;

  private RtpEndpoint(Context context, DatagramSocket rtp, DatagramSocket rtcp, int port, PortAllocator ports,
      MediaCounters counters, LongSupplier nanoClock) {
    this.context = context;
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.port = port;
    this.ports = ports;
    this.counters = counters;
    this.nanoClock = nanoClock;
    this.rtpOut = new OrderedSender(rtp, counters);
    this.rtcpOut = new OrderedSender(rtcp, counters);
    rtp.handler(this::onRtpSocket);
    rtcp.handler(this::onRtcpSocket);
  }

  /**
   * Binds an RTP/RTCP port pair from {@code ports} on {@code options.bindHost()}, skipping ports another process
   * holds. Fails when the range is exhausted.
   *
   * @param nanoClock the pacer's monotonic clock, used to timestamp arrivals
   */
  public static Future<RtpEndpoint> open(Vertx vertx, MediaOptions options, PortAllocator ports,
      MediaCounters counters, LongSupplier nanoClock) {
    // A fresh event-loop context per endpoint (round robin over the event loops): both sockets, the receive path and
    // the paced sends of this call then share one thread, and calls spread over all loops whatever thread opens them.
    Context ctx = ((VertxInternal) vertx).createEventLoopContext();
    Promise<RtpEndpoint> result = Promise.promise();
    ctx.runOnContext(v -> attempt(ctx, vertx, options, ports, counters, nanoClock, BIND_ATTEMPTS).onComplete(result));
    return result.future();
  }

  private static Future<RtpEndpoint> attempt(Context ctx, Vertx vertx, MediaOptions o, PortAllocator ports,
      MediaCounters counters, LongSupplier clock, int left) {
    int p = ports.acquire();
    if (p < 0) {
      return Future.failedFuture(new IllegalStateException("media.rtp-port range exhausted"));
    }
    DatagramSocketOptions opts = new DatagramSocketOptions().setReceiveBufferSize(256 * 1024);
    DatagramSocket a = vertx.createDatagramSocket(opts);
    DatagramSocket b = vertx.createDatagramSocket(opts);
    return a.listen(p, o.bindHost())
        .compose(x -> b.listen(p + 1, o.bindHost()))
        .map(x -> new RtpEndpoint(ctx, a, b, p, ports, counters, clock))
        .recover(err -> {
          a.close();
          b.close();
          ports.release(p);
          return left > 1 ? attempt(ctx, vertx, o, ports, counters, clock, left - 1) : Future.failedFuture(err);
        });
  }

  /**
   * This endpoint's Netty event loop, the thread of its sockets: give it to {@link Pacer#add(Paced, Executor)} with
   * the session. The same object for every endpoint on that loop, so the pacer groups them: one task per event loop
   * per tick, and the packets are written from the channel's own thread (no hand-off per packet).
   */
  public Executor executor() {
    return ((ContextInternal) context).nettyEventLoop();
  }

  /** The bound RTP port (RTCP is this + 1). */
  public int rtpPort() {
    return port;
  }

  /** Routes received datagrams to {@code s} from now on; {@code rtcpMux} also demultiplexes RTCP on the RTP port. */
  public void attach(RtpSession s, boolean rtcpMux) {
    this.rtcpMux = rtcpMux;
    this.session = s;
  }

  private void onRtpSocket(DatagramPacket dp) {
    RtpSession s = session;
    if (s == null || closed) {
      return;
    }
    byte[] d = dp.data().getBytes();
    Peer from = peer(dp.sender());
    if (rtcpMux && RtpCodec.looksLikeRtcp(d, d.length)) {
      s.onRtcp(d, 0, d.length, from, nanoClock.getAsLong());
    } else {
      s.onRtp(d, 0, d.length, from, nanoClock.getAsLong());
    }
  }

  private void onRtcpSocket(DatagramPacket dp) {
    RtpSession s = session;
    if (s == null || closed) {
      return;
    }
    byte[] d = dp.data().getBytes();
    s.onRtcp(d, 0, d.length, peer(dp.sender()), nanoClock.getAsLong());
  }

  private static Peer peer(SocketAddress a) {
    return new Peer(a.hostAddress() != null ? a.hostAddress() : a.host(), a.port());
  }

  @Override
  public void sendRtp(byte[] packet, Peer to) {
    if (!closed) {
      rtpOut.send(packet, to);
    }
  }

  @Override
  public void sendRtcp(byte[] packet, Peer to) {
    if (!closed) {
      if (rtcpMux) {
        rtpOut.send(packet, to);
      } else {
        rtcpOut.send(packet, to);
      }
    }
  }

  /**
   * Closes the session (RTCP BYE goes out first), both sockets, and returns the port to the range. Idempotent.
   * The caller removes the session from the pacer first.
   */
  public Future<Void> close() {
    RtpSession s = session;
    if (s != null) {
      s.close(nanoClock.getAsLong());
    }
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    // let the BYE (just queued) leave before the sockets close: close on the sockets' own event loop, after it
    Promise<Void> closedSockets = Promise.promise();
    context.runOnContext(v -> Future.join(rtp.close(), rtcp.close()).<Void>mapEmpty().onComplete(closedSockets));
    return closedSockets.future().<Void>mapEmpty().onComplete(x -> ports.release(port));
  }
}
