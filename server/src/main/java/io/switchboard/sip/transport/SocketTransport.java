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
import io.switchboard.sip.SipStreamFramer;
import io.switchboard.sip.Via;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP on Vert.x sockets (RFC 3261 §18). Owns the sockets; parses what arrives and hands valid
 * messages to one {@link Transport.Listener}; answers or drops what is malformed; refuses floods.
 *
 * <p>Threading: everything (socket handlers, timers, the listener, and the callers of
 * {@link #prepare}, {@link #send}, {@link #sendResponse}) runs on {@link #context()}, the event loop the
 * transport was started on. Not safe to call from other threads.
 *
 * <p>TCP: one connection per remote address, reused in both directions (§18.3, and what §18.2.2 asks
 * of responses); each has its own {@link SipStreamFramer}; a framing error closes
 * it after a 400/513 when the head was readable; no traffic for {@link SipOptions#tcpIdleTimeoutMs}
 * closes it.
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
  private final String bindHost;
  private final String advertisedHost;
  private final Map<String, TcpConnection> connections = new HashMap<>();
  private final Map<String, Future<TcpConnection>> connecting = new HashMap<>();
  private final EnumMap<Refusal, Long> refusals = new EnumMap<>(Refusal.class);
  private DatagramSocket udp;
  /** Self-probes (see {@link #sendProbe}): a random secret so that no other sender can pass for one. */
  private final long probeSecret = new java.security.SecureRandom().nextLong();
  private volatile java.util.function.LongConsumer probeListener;
  /** Where a probe goes: our own address (loopback when we listen on every address). */
  private final String probeTarget;
  private NetServer tcpServer;
  private int listenAttempts;
  private NetClient tcpClient;
  private long idleTimer = -1;
  private volatile Listener listener = (m, s) -> {};

  private SocketTransport(Vertx vertx, Context context, SipOptions options, String bindHost,
      String advertisedHost) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.parser = new SipParser(options.limits());
    this.flood = new FloodLimiter(options.floodRatePerSecond(), options.floodBurst(), 100_000, System::nanoTime);
    this.bindHost = bindHost;
    this.probeTarget = BindHosts.concrete(bindHost);
    this.advertisedHost = advertisedHost;
  }

  /**
   * Binds UDP and TCP listeners on {@code bindHost}. Port 0 picks a free one (the same for both when
   * both are 0); {@link #udpPort()} and {@link #tcpPort()} report what was bound. The transport lives on a fresh or the current context.
   *
   * @param advertisedHost what goes into our Via sent-by (the bind host unless it is a wildcard)
   */
  public static Future<SocketTransport> start(Vertx vertx, SipOptions options, String bindHost,
      String advertisedHost, int udpPort, int tcpPort) {
    Context ctx = vertx.getOrCreateContext();
    Promise<SocketTransport> done = Promise.promise();
    SocketTransport t = new SocketTransport(vertx, ctx, options, bindHost, advertisedHost);
    ctx.runOnContext(v -> t.bind(udpPort, tcpPort).onComplete(done));
    return done.future();
  }

  public static Future<SocketTransport> start(Vertx vertx, SipOptions options, String host, int udpPort,
      int tcpPort) {
    return start(vertx, options, host, host, udpPort, tcpPort);
  }

  private Future<SocketTransport> bind(int udpPort, int tcpPort) {
    newListeners();
    tcpClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
    long every = Math.max(50, Math.min(options.tcpIdleTimeoutMs() / 2, 5000));
    idleTimer = vertx.setPeriodic(every, id -> closeIdle());
    return listen(udpPort, tcpPort, 5).map(s -> {
      log.info("event=sip_listening host={} udp={} tcp={}", bindHost, udpPort(), tcpPort());
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
    udp = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(recvBuffer()));
    udp.handler(this::onDatagram);
    udp.exceptionHandler(e -> log.warn("event=sip_udp_error error={}", e.toString()));
    tcpServer = vertx.createNetServer();
    tcpServer.connectHandler(s -> adopt(s, remoteOf(s)));
    tcpServer.exceptionHandler(e -> log.debug("event=sip_tcp_error error={}", e.toString()));
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

  public String host() {
    return advertisedHost;
  }

  /** Open TCP connections, inbound and outbound. */
  public int connectionCount() {
    return connections.size();
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
    int port = p == Protocol.UDP ? udpPort() : tcpPort();
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
    return connection(destination).compose(c -> c.write(bytes));
  }

  @Override
  public Future<Void> sendResponse(SipResponse response, Destination source) {
    Via top = response.topVia();
    Protocol p = Protocol.parse(top.transport()).orElse(source.protocol());
    if (p.reliable()) {
      TcpConnection c = connections.get(source.address());
      if (c != null) {
        return c.write(SipSerializer.serialize(response));
      }
    }
    // §18.2.2 (with RFC 3581 §4): received host if present, rport value if present, else sent-by port.
    String host = top.received().orElse(top.host());
    int port = top.rport().orElse(top.port() > 0 ? top.port() : 5060);
    return send(response, new Destination(p, host, port));
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(idleTimer);
      new ArrayList<>(connections.values()).forEach(c -> c.socket.close());
      connections.clear();
      Future.join(udp.close(), tcpServer.close(), tcpClient.close()).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  // ---- inbound

  private void onDatagram(DatagramPacket packet) {
    Destination src = new Destination(Protocol.UDP, packet.sender().hostAddress(), packet.sender().port());
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

  private void received(byte[] bytes, Destination src, TcpConnection conn) {
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

  private void rejectMalformed(SipParseException e, Destination src, TcpConnection conn) {
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

  // ---- TCP

  private static Destination remoteOf(NetSocket s) {
    return new Destination(Protocol.TCP, s.remoteAddress().hostAddress(), s.remoteAddress().port());
  }

  private Future<TcpConnection> connection(Destination d) {
    TcpConnection open = connections.get(d.address());
    if (open != null) {
      return Future.succeededFuture(open);
    }
    Future<TcpConnection> pending = connecting.get(d.address());
    if (pending != null) {
      return pending; // one connect per address, however many messages wait for it
    }
    Future<TcpConnection> connect = tcpClient.connect(d.port(), d.host()).map(s -> adopt(s, d));
    connecting.put(d.address(), connect);
    connect.onComplete(ar -> connecting.remove(d.address(), connect));
    return connect;
  }

  private TcpConnection adopt(NetSocket socket, Destination remote) {
    TcpConnection c = new TcpConnection(socket, remote, new SipStreamFramer(parser));
    connections.put(remote.address(), c);
    socket.handler(buf -> onTcpData(c, buf));
    socket.closeHandler(v -> connections.remove(remote.address(), c));
    socket.exceptionHandler(e -> log.debug("event=sip_tcp_error remote={} error={}", remote, e.toString()));
    return c;
  }

  private void onTcpData(TcpConnection c, Buffer buf) {
    c.touch();
    List<SipStreamFramer.Frame> frames;
    try {
      frames = c.framer.feed(buf.getBytes());
    } catch (SipParseException e) {
      rejectMalformed(e, c.remote, c);
      c.socket.end(); // §18.3: the stream cannot be resynchronised
      return;
    }
    for (SipStreamFramer.Frame f : frames) {
      if (f instanceof SipStreamFramer.Message m) {
        received(m.bytes(), c.remote, c);
      } else {
        c.write(new byte[] {'\r', '\n'}); // RFC 5626 §3.5.1 pong
      }
    }
  }

  private void closeIdle() {
    long limit = System.nanoTime() - options.tcpIdleTimeoutMs() * 1_000_000L;
    for (TcpConnection c : new ArrayList<>(connections.values())) {
      if (c.lastActivity < limit) {
        log.debug("event=sip_tcp_idle_close remote={}", c.remote);
        connections.remove(c.remote.address(), c);
        c.socket.close();
      }
    }
  }

  /** One TCP connection, confined to the transport's context. */
  private static final class TcpConnection {
    final NetSocket socket;
    final Destination remote;
    final SipStreamFramer framer;
    long lastActivity = System.nanoTime();

    TcpConnection(NetSocket socket, Destination remote, SipStreamFramer framer) {
      this.socket = socket;
      this.remote = remote;
      this.framer = framer;
    }

    void touch() {
      lastActivity = System.nanoTime();
    }

    Future<Void> write(byte[] bytes) {
      touch();
      return socket.write(Buffer.buffer(bytes));
    }
  }
}
