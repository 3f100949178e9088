package io.switchboard.sip.transport;

import io.switchboard.sip.SipParseException;
import io.switchboard.sip.SipParser;
import io.switchboard.sip.SipStreamFramer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream transports of {@link SocketTransport}: TCP (RFC 3261 §18.3) and TLS (§26.2), their listeners, the
 * clients that open connections, and the open connections, keyed by transport and remote "ip:port" and reused in
 * both directions (what §18.2.2 asks of responses). Each connection has its own {@link SipStreamFramer}; a framing
 * error closes it after a 400/513 when the head was readable (the stream cannot be resynchronised); no traffic for
 * {@link SipOptions#tcpIdleTimeoutMs} closes it.
 *
 * <p>TLS: the listener presents {@link TlsIdentity}; the client verifies the peer's certificate and its name against
 * the host it connects to (the JVM's trust store, or sip.tls.ca-file).
 *
 * <p>Threading: confined to the transport's context, like {@link SocketTransport}.
 */
final class Streams {
  private static final Logger log = LoggerFactory.getLogger(Streams.class);

  /** Where framed inbound traffic goes (the transport's parser path). */
  interface Inbound {
    void message(byte[] bytes, Connection from);

    void malformed(SipParseException e, Connection from);
  }

  private final Vertx vertx;
  private final SipOptions options;
  private final SipParser parser;
  private final Inbound inbound;
  private final Map<String, Connection> connections = new HashMap<>();
  private final Map<String, Future<Connection>> connecting = new HashMap<>();
  private final NetClient tcpClient;
  private final NetClient tlsClient;
  private final KeyCertOptions tlsKey;
  private NetServer tcpServer;
  private NetServer tlsServer;
  private long idleTimer = -1;

  /** @param tlsKey the TLS listener's certificate and key; null: no TLS */
  Streams(Vertx vertx, SipOptions options, SipParser parser, Inbound inbound, KeyCertOptions tlsKey) {
    this.vertx = vertx;
    this.options = options;
    this.parser = parser;
    this.inbound = inbound;
    this.tcpClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000));
    SipTls tls = options.tls();
    if (tlsKey != null) {
      this.tlsKey = tlsKey;
      NetClientOptions o = new NetClientOptions().setConnectTimeout(5000).setSsl(true)
          .setHostnameVerificationAlgorithm("HTTPS");
      tls.caFile().ifPresent(ca -> o.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
      this.tlsClient = vertx.createNetClient(o);
    } else {
      this.tlsKey = null;
      this.tlsClient = null;
    }
    long every = Math.max(50, Math.min(options.tcpIdleTimeoutMs() / 2, 5000));
    idleTimer = vertx.setPeriodic(every, id -> closeIdle());
  }

  /** A fresh, unbound TCP server (for the first bind and for each retry: a failed Vert.x server cannot listen again). */
  NetServer newTcpServer() {
    tcpServer = vertx.createNetServer();
    tcpServer.connectHandler(s -> adopt(s, remoteOf(Protocol.TCP, s)));
    tcpServer.exceptionHandler(e -> log.debug("event=sip_tcp_error error={}", e.toString()));
    return tcpServer;
  }

  /** Binds the TLS listener when TLS is on (sip.tls-port set), else does nothing. */
  Future<Void> listenTls(String host) {
    if (tlsKey == null) {
      return Future.succeededFuture();
    }
    tlsServer = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(tlsKey));
    tlsServer.connectHandler(s -> adopt(s, remoteOf(Protocol.TLS, s)));
    tlsServer.exceptionHandler(e -> log.debug("event=sip_tls_error error={}", e.toString()));
    return tlsServer.listen(options.tls().port(), host).mapEmpty();
  }

  int tcpPort() {
    return tcpServer.actualPort();
  }

  /** The TLS listener's port, -1 without TLS. */
  int tlsPort() {
    return tlsServer == null ? -1 : tlsServer.actualPort();
  }

  int count() {
    return connections.size();
  }

  /** The open connection to {@code d} (its transport and address), or null. */
  Connection open(Destination d) {
    return connections.get(d.toString());
  }

  /** The open connection to {@code d}, or a new one (one connect per destination however many messages wait). */
  Future<Connection> connection(Destination d) {
    Connection open = connections.get(d.toString());
    if (open != null) {
      return Future.succeededFuture(open);
    }
    Future<Connection> pending = connecting.get(d.toString());
    if (pending != null) {
      return pending;
    }
    NetClient client = d.protocol() == Protocol.TLS ? tlsClient : tcpClient;
    if (client == null) {
      return Future.failedFuture("no TLS configured (sip.tls-port): cannot reach " + d);
    }
    Future<Connection> connect = client.connect(d.port(), d.host()).map(s -> adopt(s, d));
    connecting.put(d.toString(), connect);
    connect.onComplete(ar -> connecting.remove(d.toString(), connect));
    return connect;
  }

  Future<Void> close() {
    vertx.cancelTimer(idleTimer);
    new ArrayList<>(connections.values()).forEach(c -> c.socket.close());
    connections.clear();
    List<Future<?>> all = new ArrayList<>(List.of(tcpServer.close(), tcpClient.close()));
    if (tlsServer != null) {
      all.add(tlsServer.close());
    }
    if (tlsClient != null) {
      all.add(tlsClient.close());
    }
    return Future.join(all).mapEmpty();
  }

  private static Destination remoteOf(Protocol p, NetSocket s) {
    return Destination.remote(p, s.remoteAddress().hostAddress(), s.remoteAddress().port());
  }

  private Connection adopt(NetSocket socket, Destination remote) {
    Connection c = new Connection(socket, remote, new SipStreamFramer(parser));
    connections.put(remote.toString(), c);
    socket.handler(buf -> onData(c, buf));
    socket.closeHandler(v -> connections.remove(remote.toString(), c));
    socket.exceptionHandler(e -> log.debug("event=sip_stream_error remote={} error={}", remote, e.toString()));
    return c;
  }

  private void onData(Connection c, Buffer buf) {
    c.touch();
    List<SipStreamFramer.Frame> frames;
    try {
      frames = c.framer.feed(buf.getBytes());
    } catch (SipParseException e) {
      inbound.malformed(e, c);
      c.socket.end(); // §18.3: the stream cannot be resynchronised
      return;
    }
    for (SipStreamFramer.Frame f : frames) {
      if (f instanceof SipStreamFramer.Message m) {
        inbound.message(m.bytes(), c);
      } else {
        c.write(new byte[] {'\r', '\n'}); // RFC 5626 §3.5.1 pong
      }
    }
  }

  private void closeIdle() {
    long limit = System.nanoTime() - options.tcpIdleTimeoutMs() * 1_000_000L;
    for (Connection c : new ArrayList<>(connections.values())) {
      if (c.lastActivity < limit) {
        log.debug("event=sip_stream_idle_close remote={}", c.remote);
        connections.remove(c.remote.toString(), c);
        c.socket.close();
      }
    }
  }

  /** One TCP or TLS connection, confined to the transport's context. */
  static final class Connection {
    final NetSocket socket;
    final Destination remote;
    final SipStreamFramer framer;
    long lastActivity = System.nanoTime();

    Connection(NetSocket socket, Destination remote, SipStreamFramer framer) {
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
