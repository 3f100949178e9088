package io.switchboard.sip.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.switchboard.net.BindHosts;
import io.switchboard.sip.HeaderNames;
import io.switchboard.sip.SipHeader;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipMessage;
import io.switchboard.sip.SipParseException;
import io.switchboard.sip.SipParser;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipResponses;
import io.switchboard.sip.SipSerializer;
import io.switchboard.sip.Via;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP, TCP and TLS on Vert.x sockets (RFC 3261 §18, §26.2). Owns the sockets; parses what arrives and hands valid
 * messages to one {@link Transport.Listener}; answers or drops what is malformed; refuses floods.
 *
 * <p>Threading: everything (socket handlers, timers, the listener, and the callers of
 * {@link #prepare}, {@link #send}, {@link #sendResponse}) runs on {@link #context()}, the event loop the
 * transport was started on. Not safe to call from other threads.
 *
 * <p>A wildcard bind host ("0.0.0.0" or "::") listens on both families: every socket binds "::" with IPV6_V6ONLY
 * off (the Linux default), so IPv4 peers arrive as IPv4-mapped addresses, reported as plain IPv4 (see
 * {@link Destination#remote}); on a host without IPv6 it falls back to "0.0.0.0". TCP and TLS connections are in
 * {@link Streams}.
 *
 * <p>Errors to malformed datagrams go to the packet's source address rather than the Via (which is
 * what is malformed, and symmetric responses are what RFC 3581 peers expect anyway).
 */
public final class SocketTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(SocketTransport.class);

  private final Vertx vertx;
  private final Context context;
  private final SipOptions options;
  private final SipParser parser;
  private final FloodLimiter flood;
  /** "SBPROBE" + NUL: not a SIP start line, so a probe can never be taken for a message. */
  private static final long PROBE_MAGIC = 0x5342_5052_4F42_4500L;
  private static final int PROBE_LENGTH = 24;
  /** The host the sockets bind: "::" for a wildcard (both families), until a host without IPv6 makes it 0.0.0.0. */
  private String bindHost;
  private final String advertisedHost;
  private final EnumMap<Refusal, Long> refusals = new EnumMap<>(Refusal.class);
  private DatagramSocket udp;
  /** Self-probes (see {@link #sendProbe}): a random secret so that no other sender can pass for one. */
  private final long probeSecret = new java.security.SecureRandom().nextLong();
  private volatile java.util.function.LongConsumer probeListener;
  /** Where a probe goes: our own address (loopback when we listen on every address). */
  private String probeTarget;
  private NetServer tcpServer;
  private int listenAttempts;
  private Streams streams;
  private volatile Listener listener = (m, s) -> {};

  private SocketTransport(Vertx vertx, Context context, SipOptions options, String bindHost,
      String advertisedHost) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.parser = new SipParser(options.limits());
    this.flood = new FloodLimiter(options.floodRatePerSecond(), options.floodBurst(), 100_000, System::nanoTime);
    this.bindHost = BindHosts.isWildcard(bindHost) ? "::" : bindHost;
    this.probeTarget = BindHosts.concrete(bindHost);
    this.advertisedHost = advertisedHost;
  }

  /**
   * Binds UDP and TCP listeners on {@code bindHost}, and TLS on {@link SipTls#port} when {@code options} turn it on.
   * Port 0 picks a free one (the same for UDP and TCP when both are 0); {@link #udpPort()}, {@link #tcpPort()} and
   * {@link #tlsPort()} report what was bound. The transport lives on a fresh or the current context.
   *
   * @param advertisedHost what goes into our Via sent-by (the bind host unless it is a wildcard)
   */
  public static Future<SocketTransport> start(Vertx vertx, SipOptions options, String bindHost,
      String advertisedHost, int udpPort, int tcpPort) {
    Context ctx = vertx.getOrCreateContext();
    Promise<SocketTransport> done = Promise.promise();
    SocketTransport t = new SocketTransport(vertx, ctx, options, bindHost, advertisedHost);
    // made here, not on the loop: a first key generation loads BouncyCastle and takes seconds on a busy machine
    KeyCertOptions tlsKey = options.tls().enabled() ? TlsIdentity.of(options.tls(), advertisedHost) : null;
    ctx.runOnContext(v -> t.bind(udpPort, tcpPort, tlsKey).onComplete(done));
    return done.future();
  }

  public static Future<SocketTransport> start(Vertx vertx, SipOptions options, String host, int udpPort,
      int tcpPort) {
    return start(vertx, options, host, host, udpPort, tcpPort);
  }

  private Future<SocketTransport> bind(int udpPort, int tcpPort, KeyCertOptions tlsKey) {
    streams = new Streams(vertx, options, parser, new Streams.Inbound() {
      @Override
      public void message(byte[] bytes, Streams.Connection from) {
        received(bytes, from.remote, from);
      }

      @Override
      public void malformed(SipParseException e, Streams.Connection from) {
        rejectMalformed(e, from.remote, from);
      }
    }, tlsKey);
    newListeners();
    return listen(udpPort, tcpPort, 5).recover(e -> {
      if (!"::".equals(bindHost)) {
        return Future.failedFuture(e);
      }
      log.info("event=sip_no_ipv6 error=\"{}\" fallback=0.0.0.0", e.toString()); // a host without IPv6
      bindHost = "0.0.0.0";
      probeTarget = "127.0.0.1";
      return Future.join(udp.close(), tcpServer.close()).compose(v -> {
        newListeners();
        return listen(udpPort, tcpPort, 5);
      });
    }).compose(v -> streams.listenTls(bindHost)).map(v -> {
      log.info("event=sip_listening host={} udp={} tcp={} tls={}", bindHost, udpPort(), tcpPort(), tlsPort());
      return this;
    });
  }

  /**
   * Both on 0: TCP takes the port UDP got, so one number serves both as in SIP deployments (and a UDP
   * destination switched to TCP by §18.1.1 finds us); retried when that TCP port happens to be taken.
   */
  private Future<Void> listen(int udpPort, int tcpPort, int attempts) {
    listenAttempts++;
    return udp.listen(udpPort, bindHost).compose(u -> {
      int tcp = udpPort == 0 && tcpPort == 0 ? u.localAddress().port() : tcpPort;
      return tcpServer.listen(tcp, bindHost).<Void>mapEmpty().recover(e -> {
        if (tcp == tcpPort || attempts <= 1) {
          return Future.failedFuture(e);
        }
        // a Vert.x server whose listen failed cannot listen again ("Listen already called"): both are new
        return Future.join(udp.close(), tcpServer.close()).compose(v -> {
          newListeners();
          return listen(udpPort, tcpPort, attempts - 1);
        });
      });
    });
  }

  /** Fresh, unbound UDP socket and TCP server with our handlers (for the first bind and for each retry). */
  private void newListeners() {
    udp = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(recvBuffer())
        .setIpV6(bindHost.indexOf(':') >= 0));
    udp.handler(this::onDatagram);
    udp.exceptionHandler(e -> log.warn("event=sip_udp_error error={}", e.toString()));
    tcpServer = streams.newTcpServer();
  }

  /** How many UDP+TCP binds {@link #start} took (more than 1 when the UDP port's TCP twin was taken); for tests. */
  int listenAttempts() {
    return listenAttempts;
  }

  /**
   * SO_RCVBUF of the UDP socket, which Vert.x also uses as the size of each read buffer: it must hold every request
   * that arrives while the event loop is busy. It used to be the largest message (64 KiB, ~100 small datagrams):
   * under load the loop stalls for hundreds of ms and the kernel dropped callers' ACKs and BYEs (SocketTransportIT).
   * 2 MiB (the kernel doubles it, capped by net.core.rmem_max; ~3.5 KiB per small datagram on loopback) keeps over
   * a thousand; a datagram over the message limit
   * still arrives whole and is refused by its length in {@link #onDatagram}.
   */
  static final int UDP_RECEIVE_BUFFER_BYTES = 2 << 20;

  private int recvBuffer() {
    return Math.max(UDP_RECEIVE_BUFFER_BYTES, options.limits().maxMessageBytes() + 1);
  }

  public Context context() {
    return context;
  }

  public int udpPort() {
    return udp.localAddress().port();
  }

  /**
   * Sends a probe datagram to our own UDP port, to be read behind whatever is queued in the socket: {@code onProbe}
   * then gets {@code sentNanos} back, on the transport's loop, so the caller learns how long a message waits
   * before call control sees it (a timer on the loop cannot: the loop keeps time while datagrams queue).
   */
  public void sendProbe(long sentNanos) {
    Buffer b = Buffer.buffer(PROBE_LENGTH).appendLong(PROBE_MAGIC).appendLong(probeSecret).appendLong(sentNanos);
    udp.send(b, udpPort(), probeTarget);
  }

  /** Where probes arrive (transport loop); null: probes are dropped. */
  public void onProbe(java.util.function.LongConsumer listener) {
    this.probeListener = listener;
  }

  private boolean probe(Buffer data) {
    if (data.length() != PROBE_LENGTH || data.getLong(0) != PROBE_MAGIC || data.getLong(8) != probeSecret) {
      return false;
    }
    java.util.function.LongConsumer l = probeListener;
    if (l != null) {
      l.accept(data.getLong(16));
    }
    return true;
  }

  public int tcpPort() {
    return tcpServer.actualPort();
  }

  /** The TLS listener's port; -1 without TLS (sip.tls-port empty). */
  public int tlsPort() {
    return streams.tlsPort();
  }

  @Override
  public int listenPort(Protocol protocol) {
    return switch (protocol) {
      case UDP -> udpPort();
      case TCP -> tcpPort();
      case TLS -> tlsPort();
    };
  }

  public String host() {
    return advertisedHost;
  }

  /** Open TCP and TLS connections, inbound and outbound. */
  public int connectionCount() {
    return streams.count();
  }

  /**
   * Which flood bucket a source draws from (any thread; default {@link FloodPolicy#PER_SOURCE}): lets the node give
   * its trunks' addresses their own, higher limit without this layer knowing what a trunk is.
   */
  public void floodPolicy(FloodPolicy policy) {
    flood.policy(policy);
  }

  /** How many times inbound traffic was refused for {@code why} since start (also in Micrometer). */
  public long refused(Refusal why) {
    return refusals.getOrDefault(why, 0L);
  }

  @Override
  public void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  public Outbound prepare(SipRequest request, Destination destination) {
    SipRequest stamped = stamp(request, destination.protocol());
    if (destination.protocol() == Protocol.UDP
        && SipSerializer.serialize(stamped).length > options.mtuLimitBytes()) {
      // §18.1.1: larger than 1300 bytes with an unknown path MTU -> a congestion-controlled transport.
      return new Outbound(stamp(request, Protocol.TCP), destination.with(Protocol.TCP));
    }
    return new Outbound(stamped, destination);
  }

  /** The top Via rewritten with our transport and sent-by, keeping its parameters; rport asked (RFC 3581 §3). */
  private SipRequest stamp(SipRequest request, Protocol p) {
    Via top = request.topVia();
    int port = listenPort(p) > 0 ? listenPort(p) : p.defaultPort();
    Via mine = Via.parse("SIP/2.0/" + p + " " + hostForVia() + ":" + port + top.params().format());
    if (!mine.hasRport()) {
      mine = mine.withParam("rport", null);
    }
    return request.withHeaders(replaceTopVia(request.headers(), mine.format()));
  }

  private String hostForVia() {
    return advertisedHost.indexOf(':') >= 0 && !advertisedHost.startsWith("[")
        ? "[" + advertisedHost + "]" : advertisedHost;
  }

  static SipHeaders replaceTopVia(SipHeaders headers, String via) {
    List<SipHeader> out = new ArrayList<>(headers.asList());
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).is(HeaderNames.VIA)) {
        out.set(i, new SipHeader(HeaderNames.VIA, via));
        return SipHeaders.of(out);
      }
    }
    out.add(0, new SipHeader(HeaderNames.VIA, via));
    return SipHeaders.of(out);
  }

  @Override
  public Future<Void> send(SipMessage message, Destination destination) {
    byte[] bytes = SipSerializer.serialize(message);
    if (destination.protocol() == Protocol.UDP) {
      if (bytes.length > 65_507) {
        return Future.failedFuture("message too large for UDP: " + bytes.length + " bytes");
      }
      return udp.send(Buffer.buffer(bytes), destination.port(), destination.host());
    }
    return streams.connection(destination).compose(c -> c.write(bytes));
  }

  /**
   * §18.2.2, on the transport the request arrived on (a UDP request whose Via says TCP is answered over UDP: the
   * Via's transport is only what the sender believed it used).
   */
  @Override
  public Future<Void> sendResponse(SipResponse response, Destination source) {
    if (source.protocol().reliable()) {
      Streams.Connection c = streams.open(source);
      if (c != null) {
        return c.write(SipSerializer.serialize(response));
      }
    }
    return send(response, responseDestination(response.topVia(), source));
  }

  /**
   * Where §18.2.2 sends a response when the request's connection (if any) is gone: over the arrival transport,
   * <ul>
   *   <li>reliable: a new connection to the received address (the source) and the sent-by port;
   *   <li>unreliable with an rport value (RFC 3581 §4): the received address and that port, where it came from;
   *   <li>unreliable with maddr: that address and the sent-by port;
   *   <li>else the received address (the sent-by host when it was the source) and the sent-by port;
   * </ul>
   * a port absent from sent-by being the transport's default (5060, 5061 for TLS).
   */
  static Destination responseDestination(Via top, Destination source) {
    Protocol p = source.protocol();
    int sentByPort = top.port() > 0 ? top.port() : p.defaultPort();
    String received = top.received().orElse(top.host());
    if (p.reliable()) {
      return new Destination(p, received, sentByPort);
    }
    if (top.rport().isPresent()) {
      return new Destination(p, received, top.rport().getAsInt());
    }
    Optional<String> maddr = top.params().get("maddr");
    return new Destination(p, maddr.orElse(received), sentByPort);
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> Future.join(udp.close(), streams.close()).<Void>mapEmpty().onComplete(done));
    return done.future();
  }

  // ---- inbound

  private void onDatagram(DatagramPacket packet) {
    Destination src = Destination.remote(Protocol.UDP, packet.sender().hostAddress(), packet.sender().port());
    Buffer data = packet.data();
    if (data.length() > options.limits().maxMessageBytes()) {
      refuse(Refusal.OVERSIZE, src, "datagram over the limit"); // §18.1.1 says a UDP peer would have used TCP
      return;
    }
    if (probe(data)) {
      return;
    }
    byte[] bytes = data.getBytes();
    if (SipParser.isKeepAlive(bytes, 0, bytes.length)) {
      return;
    }
    received(bytes, src, null);
  }

  private void received(byte[] bytes, Destination src, Streams.Connection conn) {
    if (!flood.tryAcquire(src.host())) {
      refuse(Refusal.FLOOD, src, "over rate");
      return;
    }
    SipMessage message;
    try {
      message = parser.parse(bytes);
    } catch (SipParseException e) {
      rejectMalformed(e, src, conn);
      return;
    }
    if (message instanceof SipRequest r) {
      message = withReceived(r, src);
    }
    try {
      listener.onMessage(message, src);
    } catch (RuntimeException e) {
      log.error("event=sip_listener_failed source={} error={}", src, e.toString(), e);
    }
  }

  private void rejectMalformed(SipParseException e, Destination src, Streams.Connection conn) {
    Optional<SipResponse> answer = SipResponses.forParseError(e);
    if (answer.isEmpty()) {
      refuse(e.status() == 513 ? Refusal.OVERSIZE : Refusal.MALFORMED, src, e.getMessage());
      return;
    }
    refuse(e.status() == 513 ? Refusal.OVERSIZE : Refusal.ANSWERED, src, e.getMessage());
    byte[] bytes = SipSerializer.serialize(answer.get());
    if (conn != null) {
      conn.write(bytes);
    } else {
      udp.send(Buffer.buffer(bytes), src.port(), src.host());
    }
  }

  /**
   * §18.2.1: received= when the sent-by host is not the packet's source address; RFC 3581 §4: the
   * source port in rport when the client asked for it (and received= then always).
   */
  static SipRequest withReceived(SipRequest request, Destination src) {
    Via top = request.topVia();
    Via v = top;
    if (top.hasRport()) {
      v = v.withParam("received", src.host()).withParam("rport", Integer.toString(src.port()));
    } else if (!top.host().equals(src.host()) && !top.host().equals("[" + src.host() + "]")) {
      v = v.withParam("received", src.host());
    }
    return v == top ? request : request.withHeaders(replaceTopVia(request.headers(), v.format()));
  }

  private void refuse(Refusal why, Destination src, String reason) {
    refusals.merge(why, 1L, Long::sum);
    Counter.builder("switchboard.sip.transport.refused").tag("reason", why.tag()).register(Metrics.globalRegistry)
        .increment();
    if (why != Refusal.FLOOD) {
      log.debug("event=sip_refused reason={} source={} detail=\"{}\"", why.tag(), src, reason);
    }
  }
}
