package io.switchboard.signaling;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallStatus;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.Role;
import io.switchboard.cluster.AgentPresence;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.Origins;
import io.switchboard.signaling.handler.AuthenticateHandler;
import io.switchboard.signaling.handler.CallAcceptHandler;
import io.switchboard.signaling.handler.ChatAcceptHandler;
import io.switchboard.signaling.handler.ChatEndHandler;
import io.switchboard.signaling.handler.ChatRejectHandler;
import io.switchboard.signaling.handler.ChatSendHandler;
import io.switchboard.signaling.handler.ChatTransferHandler;
import io.switchboard.signaling.handler.ChatTypingHandler;
import io.switchboard.signaling.handler.ChatUnwatchHandler;
import io.switchboard.signaling.handler.ChatWatchHandler;
import io.switchboard.signaling.handler.ChatWhisperHandler;
import io.switchboard.signaling.handler.CallDialHandler;
import io.switchboard.signaling.handler.CallHangupHandler;
import io.switchboard.signaling.handler.CallHoldHandler;
import io.switchboard.signaling.handler.CallMuteHandler;
import io.switchboard.signaling.handler.CallResumeHandler;
import io.switchboard.signaling.handler.CallConferenceHandler;
import io.switchboard.signaling.handler.CallConsultAcceptHandler;
import io.switchboard.signaling.handler.CallConsultCancelHandler;
import io.switchboard.signaling.handler.CallConsultDeclineHandler;
import io.switchboard.signaling.handler.CallConsultCompleteHandler;
import io.switchboard.signaling.handler.CallConsultHandler;
import io.switchboard.signaling.handler.CallTransferHandler;
import io.switchboard.signaling.handler.RecordingPauseHandler;
import io.switchboard.signaling.handler.RecordingResumeHandler;
import io.switchboard.signaling.handler.RecordingStartHandler;
import io.switchboard.signaling.handler.MediaOfferHandler;
import io.switchboard.signaling.handler.MonitorModeHandler;
import io.switchboard.signaling.handler.MonitorStartHandler;
import io.switchboard.signaling.handler.MonitorStopHandler;
import io.switchboard.signaling.handler.CallRejectHandler;
import io.switchboard.signaling.handler.PreviewCallHandler;
import io.switchboard.signaling.handler.PreviewSkipHandler;
import io.switchboard.signaling.handler.PingHandler;
import io.switchboard.signaling.handler.StateSetHandler;
import io.switchboard.signaling.handler.StatsSubscribeHandler;
import io.switchboard.signaling.handler.StatsUnsubscribeHandler;
import io.switchboard.signaling.handler.WrapupDoneHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent WebSocket at {@code /ws} (protocol: docs/protocol.md).
 *
 * <p>The handshake is checked before any socket exists: a browser {@code Origin} that is neither the node's own
 * nor configured → 403 ({@link Origins}); no or bad token → 401, a principal without the agent, supervisor,
 * team-leader or manager role → 403, another path → 404. Accepted sockets are kept per tenant and
 * agent; messages the ACD publishes for this node arrive through the {@link NodeBus} and go to every
 * socket of the addressed agent. When an agent's last socket on this node closes, the ACD is told
 * ({@link Acd#disconnected}) and the node's agent set in Redis is updated ({@link AgentPresence}).
 *
 * <p>Wiring: {@code server.webSocketHandshakeHandler(signaling.handshakeHandler())} on the node's
 * HttpServer, created with {@link #configure(HttpServerOptions, SwitchboardConfig)}; {@code bus.start()}.
 *
 * <p>Threading: thread-safe. Each socket's messages run on its event loop; bus deliveries and stats on
 * the context this object was created on.
 */
public final class SignalingServer {
  private static final Logger log = LoggerFactory.getLogger(SignalingServer.class);
  public static final String PATH = "/ws";
  private static final short CLOSE_GOING_AWAY = 1001;
  /** RFC 6455 "service restart": the client should reconnect. */
  private static final short CLOSE_REJOIN = 1012;

  private final Vertx vertx;
  private final Clock clock;
  private final Acd acd;
  private final AgentPresence presence;
  private final String nodeId;
  private final int maxMessageBytes;
  private final Authenticator authenticator;
  private final Origins origins;
  private final SessionRegistry sessions = new SessionRegistry();
  private final StatsPusher stats;
  private final Dispatcher dispatcher;
  private volatile boolean closing;
  /** The node's SIP side, once started; null before (call.dial: unavailable). */
  private volatile io.switchboard.dial.Dialer dialer;
  /** The node's calls for supervisors' monitor sessions, once started; null before (monitor.*: unavailable). */
  private volatile io.switchboard.monitor.Monitoring monitoring;
  /** This node's supervisors' sessions on other nodes' calls. */
  private final RemoteMonitors remoteMonitors;
  /** The node's calls for agents' consults, once started; null before (call.consult*: unavailable). */
  private volatile io.switchboard.monitor.Consulting consulting;
  /** Cases taken from backlogs, once the store of record is up; null before (accepting a case changes no owner). */
  private volatile CaseWork caseWork;
  /** Campaign previews' skip (the ACD's campaign scripts); null until set. */
  private volatile io.switchboard.acd.CampaignCalls campaignCalls;
  private volatile io.switchboard.signaling.handler.WrapupDoneHandler.Windows callbackWindows;
  /** Chats, once the store of record is up (chat.*: unavailable before). */
  private final ChatAccess chatAccess = new ChatAccess();
  /** Supervisors' sockets watching chats (chat.watch), told by the chat service once it is set. */
  private final ChatWatchers chatWatchers;
  /** What a team leader oversees; null until set (a team leader's stats and monitoring: unavailable). */
  private volatile io.switchboard.directory.Oversight oversight;

  /** The handshake could not attach the agent in the ACD (Redis down): 503, the client retries. */
  private static final class AcdUnavailable extends RuntimeException {
    AcdUnavailable(Throwable cause) {
      super("the ACD is unavailable: " + cause, null, false, false);
    }
  }

  /** A handshake that passed: who, the agent's ACD state and its call (or null) for {@code hello}. */
  private record Admitted(Authenticator.Verified verified, AgentStatus status, CallStatus call) {}

  public SignalingServer(Vertx vertx, SwitchboardConfig config, io.switchboard.auth.TokenVerifier verifier, Acd acd,
      NodeBus bus) {
    this(vertx, config, verifier, acd, bus, Clock.systemUTC());
  }

  /** As above with a clock for token expiry (tests). */
  public SignalingServer(Vertx vertx, SwitchboardConfig config, io.switchboard.auth.TokenVerifier verifier, Acd acd,
      NodeBus bus, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.acd = acd;
    this.presence = bus;
    this.nodeId = bus.nodeId();
    this.maxMessageBytes = config.wsMaxMessageBytes();
    this.authenticator = new Authenticator(verifier, clock, config.accessTokenTtlSeconds() * 1000L);
    this.origins = config.httpAllowedOrigins();
    Context context = vertx.getOrCreateContext();
    this.stats = new StatsPusher(vertx, context, acd, config.statsPushIntervalMs());
    this.chatWatchers = new ChatWatchers(this::tell, config.supervisionShowListen(),
        (s, agentId) -> ChatWatchHandler.mayWatch(s, () -> oversight, agentId), context);
    this.remoteMonitors = new RemoteMonitors(vertx, bus, this::deliver);
    this.dispatcher = new Dispatcher(List.of(
        new AuthenticateHandler(authenticator),
        new StateSetHandler(acd, nodeId),
        new CallAcceptHandler(acd, () -> dialer, nodeId, () -> caseWork),
        new CallRejectHandler(acd),
        new PreviewCallHandler(acd, () -> dialer, () -> campaignCalls, nodeId, clock),
        new PreviewSkipHandler(acd, () -> campaignCalls),
        new CallHangupHandler(acd, () -> caseWork, () -> consulting),
        new WrapupDoneHandler(acd, () -> callbackWindows, clock),
        new MediaOfferHandler(acd, bus),
        new CallHoldHandler(acd, bus),
        new CallResumeHandler(acd, bus),
        new RecordingPauseHandler(acd, bus),
        new RecordingResumeHandler(acd, bus),
        new RecordingStartHandler(acd, bus),
        new CallMuteHandler(acd),
        new CallTransferHandler(acd),
        new CallConsultHandler(acd, () -> consulting, nodeId, (t, a) -> !sessions.of(t, a).isEmpty()),
        new CallConsultAcceptHandler(acd, () -> consulting, nodeId),
        new CallConsultCancelHandler(acd, () -> consulting),
        new CallConsultDeclineHandler(() -> consulting),
        new CallConsultCompleteHandler(acd, () -> consulting),
        new CallConferenceHandler(acd, () -> consulting),
        new CallDialHandler(() -> dialer, nodeId),
        new MonitorStartHandler(acd, () -> monitoring, remoteMonitors, nodeId).withOversight(() -> oversight),
        new MonitorModeHandler(() -> monitoring, remoteMonitors),
        new MonitorStopHandler(() -> monitoring, remoteMonitors),
        new StatsSubscribeHandler(stats),
        new StatsUnsubscribeHandler(stats),
        new ChatAcceptHandler(chatAccess),
        new ChatRejectHandler(chatAccess),
        new ChatSendHandler(chatAccess),
        new ChatTypingHandler(chatAccess),
        new ChatTransferHandler(chatAccess),
        new ChatEndHandler(chatAccess),
        new ChatWatchHandler(chatAccess, chatWatchers, () -> oversight),
        new ChatUnwatchHandler(chatWatchers),
        new ChatWhisperHandler(chatAccess, chatWatchers, () -> oversight),
        new PingHandler()));
    bus.listen(this::deliver);
  }

  /** Supervisors' sessions on other nodes' calls (the node ends those of a node that left). */
  public RemoteMonitors remoteMonitors() {
    return remoteMonitors;
  }

  /** Lets agents consult colleagues on this node's calls (the node's SIP side); until then unavailable. */
  public void consulting(io.switchboard.monitor.Consulting c) {
    this.consulting = c;
  }

  /** Lets supervisors monitor this node's calls from now on (the node's SIP side); until then unavailable. */
  public void monitoring(io.switchboard.monitor.Monitoring m) {
    this.monitoring = m;
  }

  /** What accepting and finishing a case offered from a backlog does in the store of record, from now on. */
  public void caseWork(CaseWork w) {
    this.caseWork = w;
  }

  /**
   * Serves the agents' chat verbs with {@code chats} from now on, and tells this node's agents of their chats' lines,
   * typing and ends ({@link ChatRelay}), and supervisors of the chats they watch ({@link ChatWatchers}).
   */
  public void chats(io.switchboard.chat.ChatService chats) {
    chats.listen(new ChatRelay(this::tell));
    chats.listen(chatWatchers);
    chatAccess.set(chats);
  }

  /** Sends {@code message} to the sockets of {@code agentId} on this node (none: dropped). Any thread. */
  void tell(String tenant, String agentId, JsonObject message) {
    String text = message.encode();
    for (Session s : sessions.of(tenant, agentId)) {
      s.sendEncoded(text);
    }
  }

  /** Narrows what team leaders see and monitor to the teams they lead from now on (docs/roles.md). */
  public void oversight(io.switchboard.directory.Oversight o) {
    this.oversight = o;
    stats.oversight(o);
  }

  /** Places {@code call.dial}s from now on (the node's SIP side, once started); until then they are unavailable. */
  /** Serves preview.call and preview.skip with the ACD's campaign calls from now on (until then: unavailable). */
  public void campaignCalls(io.switchboard.acd.CampaignCalls c) {
    this.campaignCalls = c;
  }

  /** Checks call-back times picked in wrap-ups against campaigns from now on (until then: refused, unavailable). */
  public void callbackWindows(io.switchboard.signaling.handler.WrapupDoneHandler.Windows w) {
    this.callbackWindows = w;
  }

  public void dialer(io.switchboard.dial.Dialer d) {
    this.dialer = d;
  }

  /**
   * Frame and message limits for the node's HttpServer: Netty refuses a larger frame itself (closing
   * with 1009), and sessions refuse a larger reassembled message.
   */
  public static HttpServerOptions configure(HttpServerOptions options, SwitchboardConfig config) {
    return options
        .setMaxWebSocketFrameSize(config.wsMaxMessageBytes())
        .setMaxWebSocketMessageSize(config.wsMaxMessageBytes());
  }

  /** The handshake handler for the node's HttpServer; only {@link #PATH} is served. */
  public Handler<ServerWebSocketHandshake> handshakeHandler() {
    return this::handshake;
  }

  /**
   * Closes every socket of this user on this node with {@link Session#CLOSE_TOKEN_REVOKED}: their tokens were
   * revoked (wire it to {@link io.switchboard.auth.TokenEpochs#listen}). Any thread.
   */
  public void revoked(String tenant, String userId) {
    for (Session s : sessions.of(tenant, userId)) {
      log.info("ws.revoked tenant={} agent={}", tenant, userId);
      s.close(Session.CLOSE_TOKEN_REVOKED, "token revoked");
    }
  }

  /** Sends {@code message} to every agent socket of {@code tenant} open on this node. Any thread. */
  public void toAgents(String tenant, JsonObject message) {
    String text = message.encode();
    for (Session s : sessions.all()) {
      if (s.has(Role.AGENT) && s.tenant().equals(tenant)) {
        s.sendEncoded(text);
      }
    }
  }

  /** Open sockets on this node. */
  public int sessionCount() {
    return sessions.size();
  }

  /**
   * Stops accepting sockets, closes every open one (1001) and completes once the ACD has been told about
   * each agent that lost its last socket.
   */
  public Future<Void> close() {
    closing = true;
    stats.stop();
    List<Future<Void>> ended = new ArrayList<>();
    for (Session s : sessions.all()) {
      ended.add(s.ended().future());
      s.close(CLOSE_GOING_AWAY, "node shutting down");
    }
    return Future.join(ended).mapEmpty();
  }

  /**
   * This node was taken for dead (a long pause, or cut off from Redis) and the survivors released its agents:
   * every agent socket is closed with 1012 so its page reconnects and is attached again by its new handshake.
   * Supervisors' sockets stay (nothing of theirs was released).
   */
  public void rejoin() {
    int closed = 0;
    for (Session s : sessions.all()) {
      if (s.has(Role.AGENT)) {
        s.close(CLOSE_REJOIN, "node rejoined the cluster; reconnect");
        closed++;
      }
    }
    log.warn("ws.rejoin node={} closed={}", nodeId, closed);
  }

  private void handshake(ServerWebSocketHandshake hs) {
    if (!PATH.equals(hs.path())) {
      hs.reject(404);
      return;
    }
    if (closing) {
      hs.reject(503);
      return;
    }
    if (!originAllowed(hs)) {
      hs.reject(403);
      return;
    }
    authenticator.verify(Authenticator.bearer(hs))
        .compose(v -> helloState(v).compose(st -> helloCall(v, st).map(c -> new Admitted(v, st, c))))
        .onComplete(ar -> {
          if (ar.failed()) {
            int status = ar.cause() instanceof AuthException a ? a.status() : ar.cause() instanceof AcdUnavailable ? 503 : 401;
            log.info("ws.rejected status={} remote={} why={}", status, hs.remoteAddress(), ar.cause().getMessage());
            hs.reject(status);
            return;
          }
          Admitted a = ar.result();
          hs.accept()
              .onSuccess(ws -> open(ws, a.verified(), a.status(), a.call()))
              .onFailure(e -> {
                log.info("ws.accept-failed remote={} error={}", hs.remoteAddress(), e.toString());
                abandonAttach(a.verified());
              });
        });
  }

  /** Cross-site WebSocket hijacking guard: see {@link Origins}. */
  private boolean originAllowed(ServerWebSocketHandshake hs) {
    String origin = hs.headers().get("Origin");
    HostAndPort a = hs.authority();
    String authority = a == null ? null : a.host() + (a.port() >= 0 ? ":" + a.port() : "");
    if (origins.allows(origin, hs.scheme(), authority)) {
      return true;
    }
    String shown = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
    log.info("ws.rejected status=403 remote={} why=origin origin={}", hs.remoteAddress(), shown);
    return false;
  }

  /**
   * Attaches the agent to this node in the ACD (in any state: offers, call messages and state changes follow the
   * socket from now on) and returns its state for {@code hello}; offline when unknown or for supervisors. If the
   * ACD cannot be reached the socket is refused (503): an agent the ACD still places on another node would
   * receive nothing here.
   */
  private Future<AgentStatus> helloState(Authenticator.Verified v) {
    AgentStatus offline = new AgentStatus(v.principal().subject(), AgentState.OFFLINE, null, clock.millis(), null);
    if (!v.principal().has(Role.AGENT)) {
      return Future.succeededFuture(offline);
    }
    return acd.attach(v.principal().tenant(), v.principal().subject(), nodeId)
        .map(st -> st == null ? offline : st)
        .recover(e -> e instanceof io.switchboard.acd.AcdException a && "unknown-agent".equals(a.code())
            ? Future.succeededFuture(offline)
            : Future.failedFuture(new AcdUnavailable(e)));
  }

  /**
   * The agent's current call for {@code hello} (so a page opened afresh can show who is on the line), or null: no
   * call, or the ACD could not say (the socket opens anyway; the call id alone is enough to carry on).
   */
  private Future<CallStatus> helloCall(Authenticator.Verified v, AgentStatus status) {
    if (status.callId() == null) {
      return Future.succeededFuture(null);
    }
    return acd.call(v.principal().tenant(), status.callId()).otherwise((CallStatus) null);
  }

  private void open(ServerWebSocket ws, Authenticator.Verified v, AgentStatus status, CallStatus call) {
    if (closing) { // accepted while close() ran: it will not see this socket, so close it here
      ws.close(CLOSE_GOING_AWAY, "node shutting down");
      return;
    }
    Session s = new Session(vertx, clock, ws, v.principal(), v.expiresAtMs(), maxMessageBytes);
    ws.frameHandler(f -> s.onFrame(f, text -> dispatcher.dispatch(s, text), () -> binary(s)));
    ws.exceptionHandler(e -> onError(s, e));
    ws.closeHandler(x -> closed(s));
    s.send(Outbound.hello(v.principal(), status, call, nodeId, v.expiresAtMs()));
    if (s.has(Role.AGENT)) {
      sendHeldChats(s);
    }
    boolean first = sessions.add(s);
    s.armExpiry();
    if (first && s.has(Role.AGENT)) {
      presence.connected(s.tenant(), s.agentId())
          .onFailure(e -> log.warn("presence.failed tenant={} agent={} error={}", s.tenant(), s.agentId(), e.toString()));
    }
    log.info("ws.open tenant={} agent={} node={} sockets={}", s.tenant(), s.agentId(), nodeId, sessions.size());
  }

  /**
   * Right after {@code hello}: the chats the agent holds ({@code chat.held}, docs/protocol.md), so a reloaded page
   * shows their tabs again; nothing when it holds none or chat is not up (the page then shows new offers only).
   */
  private void sendHeldChats(Session s) {
    chatAccess.get().compose(c -> c.held(s.tenant(), s.agentId()))
        .onSuccess(held -> {
          if (!held.isEmpty()) {
            s.send(ChatWire.held(held));
          }
        })
        .onFailure(e -> log.debug("chat.held-skipped agent={} why={}", s.agentId(), e.toString()));
  }

  /**
   * The handshake attached the agent here but no socket opened: unless another socket of the agent is open here,
   * tell the ACD it went away, as when a socket closes.
   */
  private void abandonAttach(Authenticator.Verified v) {
    String tenant = v.principal().tenant();
    String agent = v.principal().subject();
    if (v.principal().has(Role.AGENT) && sessions.of(tenant, agent).isEmpty()) {
      acd.disconnected(tenant, agent, nodeId)
          .onFailure(e -> log.warn("ws.disconnect-failed tenant={} agent={} error={}", tenant, agent, e.toString()));
    }
  }

  /** A frame over the server's frame limit fails in Netty's decoder before any handler; answer it with 1009 too. */
  private static void onError(Session s, Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException c && c.closeStatus() != null
        && c.closeStatus().code() == Session.CLOSE_TOO_BIG) {
      log.info("ws.too-big tenant={} agent={} why=frame-limit", s.tenant(), s.agentId());
      s.close(Session.CLOSE_TOO_BIG, "message too big");
      return;
    }
    log.debug("ws.error tenant={} agent={} error={}", s.tenant(), s.agentId(), e.toString());
  }

  private void binary(Session s) {
    s.send(Outbound.error(SignalingError.BINARY_UNSUPPORTED, "binary frames are not part of the protocol; send JSON text",
        null, null));
  }

  private void closed(Session s) {
    s.closed();
    stats.unsubscribe(s);
    chatWatchers.gone(s);
    boolean last = sessions.remove(s);
    log.info("ws.closed tenant={} agent={} last={} sockets={}", s.tenant(), s.agentId(), last, sessions.size());
    io.switchboard.monitor.Monitoring m = monitoring;
    if (last && s.principal().hasAny(MonitorStartHandler.MONITORS)) {
      remoteMonitors.gone(s.tenant(), s.agentId()); // its monitor session (if any) ends with its last socket
      if (m != null) {
        m.supervisorGone(s.tenant(), s.agentId());
      }
    }
    if (!last || !s.has(Role.AGENT)) {
      s.ended().tryComplete();
      return;
    }
    Future.join(
            presence.disconnected(s.tenant(), s.agentId()),
            acd.disconnected(s.tenant(), s.agentId(), nodeId))
        .onFailure(e -> log.warn("ws.disconnect-failed tenant={} agent={} error={}", s.tenant(), s.agentId(), e.toString()))
        .onComplete(ar -> s.ended().tryComplete());
  }

  /** From the node bus: one message for one agent's sockets on this node, in its wire form (docs/protocol.md). */
  private void deliver(String tenant, String agentId, AgentMessage message) {
    if (remoteMonitors.deliver(tenant, agentId, message)) {
      return; // a call node's answer to a forwarded monitor request
    }
    List<Session> targets = sessions.of(tenant, agentId);
    if (targets.isEmpty()) {
      log.debug("ws.undeliverable tenant={} agent={} type={}", tenant, agentId, BusCodec.type(message));
      return;
    }
    String text = BusCodec.encode(message);
    for (Session s : targets) {
      s.sendEncoded(text);
    }
  }
}
