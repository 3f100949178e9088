package io.switchboard.media.session;

import io.switchboard.media.MediaOptions;
import io.switchboard.media.rtp.RtpCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The UDP side of one call leg: an RTP socket on an even port from the node's range and an RTCP socket on the next
 * port (RFC 3550 11), both {@link UdpSocket}s read by one {@link MediaLoop}. Feeds received
 * datagrams to the attached {@link RtpSession} and is its {@link MediaTransport}. The only media class that owns
 * sockets.
 *
 * <p>Lifecycle: {@link #open} (port known, for the SDP answer) → {@link #attach} (after negotiation) →
 * {@link #close} (releases the port). Datagrams before attach are dropped.
 */
public final class RtpEndpoint implements MediaTransport {
  private static final int BIND_ATTEMPTS = 16;
  private static final int RECEIVE_BUFFER = 256 * 1024;

  private final UdpSocket rtp;
  private final UdpSocket rtcp;
  private final int port;
  private final PortAllocator ports;
  private final MediaLoop loop;
  private final Inbound inbound;
  private volatile boolean closed;

  /** Where datagrams go; exists before the sockets so they can be bound with it. */
  private static final class Inbound {
    final LongSupplier nanoClock;
    volatile RtpSession session;
    volatile boolean rtcpMux;
    volatile boolean closed;
    /** SRTP for this leg (RTP/SAVP), null for plain RTP; set before {@link #session}. */
    volatile SrtpTransform srtp;

    Inbound(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
    }

    void onRtpSocket(byte[] d, int len, Peer from) {
      RtpSession s = session;
      if (s == null || closed) {
        return;
      }
      boolean rtcp = rtcpMux && RtpCodec.looksLikeRtcp(d, len); // the SRTP(C) header is in clear
      SrtpTransform t = srtp;
      if (t != null && (len = rtcp ? t.unprotectRtcp(d, len) : t.unprotectRtp(d, len)) < 0) {
        return; // counted by the transform
      }
      if (rtcp) {
        s.onRtcp(d, 0, len, from, nanoClock.getAsLong());
      } else {
        s.onRtp(d, 0, len, from, nanoClock.getAsLong());
      }
    }

    void onRtcpSocket(byte[] d, int len, Peer from) {
      RtpSession s = session;
      SrtpTransform t = srtp;
      if (s != null && !closed && (t == null || (len = t.unprotectRtcp(d, len)) >= 0)) {
        s.onRtcp(d, 0, len, from, nanoClock.getAsLong());
      }
    }
  }

  private RtpEndpoint(MediaLoop loop, UdpSocket rtp, UdpSocket rtcp, int port, PortAllocator ports,
      Inbound inbound) {
    this.loop = loop;
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.port = port;
    this.ports = ports;
    this.inbound = inbound;
  }

  /**
   * Binds an RTP/RTCP port pair from {@code ports} on {@code options.bindHost()} (an IP literal), skipping ports
   * another process holds, on the next of {@code loops}. Fails when the range is exhausted. The future completes on
   * the caller's Vert.x context (a new one when called from elsewhere).
   *
   * @param nanoClock the pacer's monotonic clock, used to timestamp arrivals
   */
  public static Future<RtpEndpoint> open(Vertx vertx, MediaLoops loops, MediaOptions options, PortAllocator ports,
      MediaCounters counters, LongSupplier nanoClock) {
    // One loop per endpoint (round robin): both sockets, the receive path and the paced sends of this call share its
    // thread, and calls spread over the loops whatever thread opens them.
    VertxInternal vx = (VertxInternal) vertx;
    Promise<RtpEndpoint> result = ((ContextInternal) vx.getOrCreateContext()).promise();
    attempt(vx, loops.next(), options, ports, counters, nanoClock, BIND_ATTEMPTS).onComplete(result);
    return result.future();
  }

  private static Future<RtpEndpoint> attempt(VertxInternal vertx, MediaLoop loop, MediaOptions o,
      PortAllocator ports, MediaCounters counters, LongSupplier clock, int left) {
    int p = ports.acquire();
    if (p < 0) {
      return Future.failedFuture(new IllegalStateException("media.rtp-port range exhausted"));
    }
    Inbound in = new Inbound(clock);
    Future<UdpSocket> a = UdpSocket.bind(vertx, loop, o.bindHost(), p, RECEIVE_BUFFER, counters, in::onRtpSocket);
    Future<UdpSocket> b = a.compose(x ->
        UdpSocket.bind(vertx, loop, o.bindHost(), p + 1, RECEIVE_BUFFER, counters, in::onRtcpSocket));
    return b.map(x -> new RtpEndpoint(loop, a.result(), b.result(), p, ports, in))
        .recover(err -> {
          Future<Void> freed = a.succeeded() ? a.result().close() : Future.succeededFuture();
          return freed.transform(x -> {
            ports.release(p);
            return left > 1 ? attempt(vertx, loop, o, ports, counters, clock, left - 1) : Future.failedFuture(err);
          });
        });
  }

  /**
   * This endpoint's media loop, the thread reading its sockets: give it to {@link Pacer#add(Paced, Executor)} with
   * the session. The same object for every endpoint on that loop, so the pacer groups them: one task per loop per
   * tick, and a session's paced sends run on the thread of its receive path.
   */
  public Executor executor() {
    return loop;
  }

  /**
   * This endpoint's loop as an executor that does not wake it while it polls ({@link MediaLoop#executeSoon}): for
   * handing each packet of a bridged leg to the thread that owns this call's socket.
   */
  public Executor deferredExecutor() {
    return loop.deferred();
  }

  /** The bound RTP port (RTCP is this + 1). */
  public int rtpPort() {
    return port;
  }

  /** True once {@link #close} was called. */
  public boolean closed() {
    return closed;
  }

  /** Routes received datagrams to {@code s} from now on; {@code rtcpMux} also demultiplexes RTCP on the RTP port. */
  public void attach(RtpSession s, boolean rtcpMux) {
    attach(s, rtcpMux, null);
  }

  /**
   * Like {@link #attach(RtpSession, boolean)}, with SRTP: every datagram is unprotected by {@code srtp} before the
   * session sees it and every packet of the session protected on its way out. Null for plain RTP. The endpoint
   * closes it.
   */
  public void attach(RtpSession s, boolean rtcpMux, SrtpTransform srtp) {
    inbound.rtcpMux = rtcpMux;
    inbound.srtp = srtp;
    inbound.session = s;
  }

  /** The SRTP transform of an SRTP leg, null for plain RTP. */
  public SrtpTransform srtp() {
    return inbound.srtp;
  }

  /**
   * New SDES keys after a re-offer (RFC 4568 7.1.4): packets from now on use {@code next}. The old transform is
   * not closed here: a media thread may be using it this instant; it is dropped with its last reference.
   */
  public void rekey(SrtpTransform next) {
    inbound.srtp = next;
  }

  @Override
  public void sendRtp(byte[] packet, Peer to) {
    sendRtp(packet, packet.length, to);
  }

  /** The datagram is copied into the kernel before this returns, so the caller's buffer is free again. */
  @Override
  public void sendRtp(byte[] buffer, int len, Peer to) {
    if (closed) {
      return;
    }
    SrtpTransform t = inbound.srtp;
    if (t == null) {
      rtp.send(buffer, len, to);
    } else {
      SrtpTransform.Packet p = t.protectRtp(buffer, len);
      if (p != null) {
        rtp.send(p.buffer(), p.length(), to);
      }
    }
  }

  @Override
  public void sendRtcp(byte[] packet, Peer to) {
    if (closed) {
      return;
    }
    UdpSocket socket = inbound.rtcpMux ? rtp : rtcp;
    SrtpTransform t = inbound.srtp;
    if (t == null) {
      socket.send(packet, to);
    } else {
      SrtpTransform.Packet p = t.protectRtcp(packet, packet.length);
      if (p != null) {
        socket.send(p.buffer(), p.length(), to);
      }
    }
  }

  /**
   * Closes the session (RTCP BYE goes out first), both sockets, and returns the port to the range. Idempotent.
   * The caller removes the session from the pacer first.
   */
  public Future<Void> close() {
    RtpSession s = inbound.session;
    if (s != null) {
      s.close(inbound.nanoClock.getAsLong());
    }
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    inbound.closed = true;
    // the BYE was sent synchronously above, before the channels close
    return Future.join(rtp.close(), rtcp.close()).<Void>mapEmpty().onComplete(x -> {
      SrtpTransform t = inbound.srtp;
      if (t != null) {
        t.close(); // the loop no longer reads the sockets; a late relayed send fails and is counted
      }
      ports.release(port);
    });
  }
}
