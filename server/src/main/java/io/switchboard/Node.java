package io.switchboard;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AcdSweeper;
import io.switchboard.acd.RedisAcd;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.call.InboundCalls;
import io.switchboard.call.OutboundCalls;
import io.switchboard.call.OutboundDials;
import io.switchboard.call.PredictiveDials;
import io.switchboard.call.TrunkFloodPolicy;
import io.switchboard.call.TrunkLimits;
import io.switchboard.cases.CaseBreaches;
import io.switchboard.cases.CasePriority;
import io.switchboard.cases.PgCaseStore;
import io.switchboard.cases.Superiors;
import io.switchboard.cluster.AgentRef;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.NodeRegistry;
import io.switchboard.config.CasesConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.contacts.PgDoNotCallStore;
import io.switchboard.dial.DialPlanner;
import io.switchboard.directory.Bootstrap;
import io.switchboard.directory.Directory;
import io.switchboard.media.MediaMeters;
import io.switchboard.media.MediaNode;
import io.switchboard.net.BindHosts;
import io.switchboard.ops.MeteredAcd;
import io.switchboard.ops.Metrics;
import io.switchboard.prompts.PgPromptStore;
import io.switchboard.prompts.TenantPrompts;
import io.switchboard.recording.Recordings;
import io.switchboard.records.CpuPriority;
import io.switchboard.records.Database;
import io.switchboard.records.EventStream;
import io.switchboard.records.PgEventStore;
import io.switchboard.records.RecordsPipeline;
import io.switchboard.records.RetentionPurge;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.sip.transaction.OverloadGuard;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.SocketTransport;
import io.switchboard.storage.DataDir;
import io.switchboard.webhooks.Webhooks;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.switchboard.webrtc.WebRtcNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Switchboard node: wires the layers together and owns their lifecycles. Start-up order follows the
 * dependencies (data directory, Redis, directory, auth, bootstrap, ACD, signaling, SIP, records, warm-up, HTTP); the store
 * of record (PostgreSQL, ~5 s when embedded) opens on a thread of its own meanwhile. {@link #stop()} undoes it in
 * reverse.
 *
 * <p>{@link #start} blocks the calling thread until the node serves; call it from a plain thread (main or a test).
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** How many times a rejoin tries to reconcile the calls, a second apart (Redis may be mid-failover). */
  private static final int REJOIN_ATTEMPTS = 30;

  private final SwitchboardConfig config;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisConnections redis;
  private Vertx vertx;
  private HttpServer http;
  private Router router;
  private SignalingServer signaling;
  private RedisAcd acd;
  /** Chats, the intent bots and the customers' routes, once the store of record is up (startRecords). */
  private NodeChat chat;
  /** The node bus (started in start, before the chats that publish on it). */
  private NodeBus bus;
  /** The ACD as every caller inside the node uses it: timed into switchboard_acd_seconds. */
  private Acd meteredAcd;
  private Directory directory;
  private AuthService auth;
  private MediaNode media;
  private SocketTransport sip;
  private InboundCalls calls;
  private OutboundCalls outbound;
  private TransactionLayer transactions;
  private OutboundDials dials;
  private PredictiveDials predictive;
  private TrunkLimits trunkLimits;
  private WebRtcNode webrtc;
  private DataDir dataDir;
  private volatile Database database;
  private RecordsPipeline records;
  private Webhooks webhooks;
  private io.switchboard.cases.CaseStore cases;
  private Recordings recordings;
  private PgPromptStore promptStore;
  private TenantPrompts tenantPrompts;

  private Node(SwitchboardConfig config) {
    this.config = config;
  }

  public static Node start(SwitchboardConfig config, PrintStream out) {
    Node node = new Node(config);
    try {
      node.boot(out);
      return node;
    } catch (RuntimeException e) {
      node.stop();
      throw e;
    }
  }

  private void boot(PrintStream out) {
    CompletableFuture<Database> opening = Database.openAsync(config.records(), postgresDirectory());
    closeables.add(() -> Database.closeWhenOpen(opening));
    String redisUri = config.redisUri().orElseGet(this::startEmbeddedRedis);
    redis = RedisConnections.connect(redisUri, Duration.ofMillis(config.redisTimeoutMs()));
    closeables.add(0, redis);
    vertx = Vertx.vertx();
    Metrics metrics = new Metrics(config.nodeId(), config.region());
    closeables.add(0, metrics);

    PasswordHasher hasher = new PasswordHasher(config.bcryptCost());
    directory = new Directory(vertx, redis, hasher);
    auth = AuthService.create(vertx, redis, config, directory, hasher).await();
    closeables.add(0, auth);
    new Bootstrap(directory, config, out).run().await();

    acd = new RedisAcd(vertx, redis, AcdOptions.from(config), Clock.systemUTC());
    Acd metered = new MeteredAcd(acd, metrics.registry());
    meteredAcd = metered;
    AcdSweeper sweeper = new AcdSweeper(vertx, metered, redis, config.acdSweepIntervalMs());
    sweeper.start();
    closeables.add(0, sweeper::stop);

    bus = new NodeBus(vertx, redis, config.nodeId());
    signaling = new SignalingServer(vertx, config, auth, metered, bus);
    signaling.campaignCalls(new io.switchboard.acd.RedisCampaignCalls(acd));
    signaling.callbackWindows(this::callbackWindow);
    signaling.oversight(new io.switchboard.directory.Oversight(directory));
    directory.onChange(new io.switchboard.signaling.AwayReasonsPush(directory, signaling)::changed);
    Gauge.builder("switchboard.ws.sessions", signaling, SignalingServer::sessionCount)
        .description("agent and supervisor WebSockets open on this node").register(metrics.registry());
    bus.onResubscribed(() -> rejoin(NodeRegistry.Reason.BUS_RESUBSCRIBED));
    bus.start().await();
    auth.epochs().listen(vertx.getOrCreateContext(), signaling::revoked).await();
    closeables.add(0, () -> bus.close().await());
    closeables.add(0, () -> signaling.close().await());
    NodeRegistry registry = new NodeRegistry(vertx, redis, config.nodeId(), config.region(),
        config.heartbeatIntervalMs(), config.nodeTtlMs(), Clock.systemUTC());
    // calls first: their agents get the notice and wrap-up before the dead node's agents are disconnected
    registry.onDeadNode((dead, agents) -> sweeper.nodeLost(dead).compose(n -> forgetAgentsOf(dead, agents)));
    registry.onRejoin(this::rejoin);
    registry.start().await();
    closeables.add(0, () -> registry.stop().await());
    // supervisors here on a call of a node that left are told so (that node cannot tell them)
    long watch = vertx.setPeriodic(config.heartbeatIntervalMs(), t -> signaling.remoteMonitors()
        .liveNodes(registry.liveNodes().stream().map(io.switchboard.cluster.NodeInfo::nodeId).toList()));
    closeables.add(0, () -> vertx.cancelTimer(watch));

    startSip(metered, bus, metrics, redis);
    startRecords(opening, redis, metrics);
    closeables.add(0, CampaignPacing.start(config, redis, acd, database.dataSource(), predictive));
    if (config.warmUp().enabled()) {  // before HTTP listens: /health/ready answers only once the paths are warm
      warmUp();
    }

    router = HttpRoutes.build(new HttpRoutes.Parts(vertx, config, redis, metrics, auth, directory, meteredAcd,
        database, records, recordings, promptStore, tenantPrompts, webhooks.deliveries(), cases, chat.tokenRoute(),
        chat.service()));
    HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort());
    http = vertx.createHttpServer(SignalingServer.configure(options, config))
        .requestHandler(router)
        .webSocketHandshakeHandler(hs -> {
          if (io.switchboard.chat.customer.CustomerSockets.PATH.equals(hs.path())) {
            chat.sockets().handshake(hs);  // customers' chats; everything else is the agents' signaling
          } else {
            signaling.handshakeHandler().handle(hs);
          }
        });
    http.listen().await();
    LOG.info("node started node={} region={} http={}:{} redis={}", config.nodeId(), config.region(),
        config.httpHost(), http.actualPort(), redis.description());
  }

  /**
   * Runs the call paths once in-process (NodeWarmUp, within warmup.timeout-ms), leaving nothing in Redis or
   * PostgreSQL; blocks the calling thread. The start runs it when warmup.enabled; tests call it on a started node.
   */
  io.switchboard.ops.WarmUp.Report warmUp() {
    return NodeWarmUp.run(vertx, redis, acd, directory, media.prompts(), sip.context(), config.sipOptions(), database,
        config.warmUp().timeout());
  }

  /** The embedded Redis, keeping its data in {@code <data.dir>/redis} (or nothing without a data directory). */
  private String startEmbeddedRedis() {
    DataDir dir = dataDir();
    EmbeddedRedis embedded = dir == null ? EmbeddedRedis.start(config.redisEmbeddedPort())
        : EmbeddedRedis.start(config.redisEmbeddedPort(), dir.subdirectory("redis"));
    closeables.add(embedded);
    LOG.info("embedded Redis started port={} data={} (a single node only: set SWITCHBOARD_REDIS_URI in production)",
        embedded.port(), dir == null ? "none, nothing kept" : dir.root().resolve("redis"));
    return embedded.uri();
  }

  /**
   * The data directory ({@code data.dir}), created and locked on first use by an embedded store and released by
   * {@link #stop} after everything else; null when nothing is to be kept.
   */
  private DataDir dataDir() {
    if (dataDir == null && config.dataDir().isPresent()) {
      dataDir = DataDir.open(config.dataDir().get());
      LOG.info("data directory {}", dataDir.root());
    }
    return dataDir;
  }

  /**
   * Where the embedded PostgreSQL keeps its data: database.embedded-dir, else {@code <data.dir>/postgres}; null
   * without a data directory (a temporary one, deleted when the node stops) or with a database.url (nothing embedded).
   */
  private java.nio.file.Path postgresDirectory() {
    if (config.records().jdbcUrl().isPresent()) {
      return null;
    }
    if (config.records().embeddedDir().isPresent()) {
      return config.records().embeddedDir().get();
    }
    DataDir dir = dataDir();
    return dir == null ? null : dir.subdirectory("postgres");
  }

  /**
   * The store of record (waits for it to be open: a database that does not answer fails the start) and the pipeline
   * that copies the ACD's event streams into it.
   */
  private void startRecords(CompletableFuture<Database> opening, RedisConnections redis, Metrics metrics) {
    database = Database.await(opening);
    webhooks = new Webhooks(vertx, directory, database.dataSource(), config.webhooks(), metrics.registry(),
        Clock.systemUTC());
    // the pipeline's Redis client decodes ~10,000 stream entries/s while catching up: at the pipeline's priority
    Runnable lowered = CpuPriority.lowering(config.records().cpuNice(), "records-redis-client");
    records = new RecordsPipeline(new EventStream(redis.bulkCommands(lowered), config.nodeId()),
        new PgEventStore(database.dataSource(), webhooks.outbox()), config.records(), Clock.systemUTC());
    records.start();
    closeables.add(0, records::stop);
    webhooks.start();
    closeables.add(0, webhooks);
    startCases();
    chat = NodeChat.start(config, vertx, redis, acd, bus, directory, database, closeables);
    signaling.chats(chat.service());
    NodeEmail.start(config, vertx, redis, directory, database, chat.service(), closeables);
    startRecording(metrics);
    promptStore = new PgPromptStore(database.dataSource());
    tenantPrompts = new TenantPrompts(promptStore).start(config.prompts().refresh());
    closeables.add(0, tenantPrompts);
    media.prompts().overrides(tenantPrompts);  // calls hear the tenants' own prompts from now on
    RetentionPurge purge = new RetentionPurge(database.dataSource(), config.records().retention(), Clock.systemUTC())
        .withRecordings(recordings.store()::delete);
    purge.start();
    closeables.add(0, purge::stop);
    Gauge.builder("switchboard.records.lag.events", records, r -> r.status().lagEvents())
        .description("ACD events in the tenants' streams not yet written to PostgreSQL (all tenants)")
        .strongReference(true).register(metrics.registry());
    Gauge.builder("switchboard.records.oldest.pending.seconds", records, r -> r.status().oldestPendingSeconds())
        .description("age of the oldest ACD event not yet written to PostgreSQL (0: none)")
        .strongReference(true).register(metrics.registry());
    Gauge.builder("switchboard.records.store.up", records, r -> r.status().storeUp() ? 1 : 0)
        .description("1 while writes to PostgreSQL succeed, 0 while they fail (events wait in Redis)")
        .strongReference(true).register(metrics.registry());
    FunctionCounter.builder("switchboard.records.events.recorded", records, RecordsPipeline::recorded)
        .description("ACD events this node wrote to PostgreSQL and acknowledged").register(metrics.registry());
    LOG.info("records started database={}", database.description());
  }

  /**
   * Cases kept until closed, offered from their backlogs to free agents (each change tells the ACD), and the job that
   * escalates those whose due time passed.
   */
  private void startCases() {
    CasesConfig c = config.cases();
    CaseOffers offers = new CaseOffers(vertx, new PgCaseStore(database.dataSource(), Map.of(CasePriority.LOW,
        c.dueLow(), CasePriority.NORMAL, c.dueNormal(), CasePriority.HIGH, c.dueHigh(), CasePriority.URGENT,
        c.dueUrgent()), webhooks.cases()), new io.switchboard.acd.RedisCaseBacklog(acd), c.offerOrder(),
        CaseOffers.fromDirectory(directory))
        .start(c.backlogSync());
    closeables.add(0, offers);
    cases = offers.store();
    signaling.caseWork(offers);
    closeables.add(0, new CaseBreaches(vertx, cases, new Superiors(directory)).start(c.breachCheck()));
  }

  /** Call recording (NodeRecording); inbound and outbound calls are recorded as their queues' policies say. */
  private void startRecording(Metrics metrics) {
    recordings = NodeRecording.start(config, vertx, dataDir(), database, metrics, closeables);
    calls.attachRecordings(recordings);
    dials.attachRecordings(recordings);
    predictive.attachRecordings(recordings);
  }

  /** New calls refused with 503 while the SIP loop runs behind (sip.overload.*; off at 0). */
  private TransactionUser overloadGuarded(TransactionUser calls, VertxTimers timers, Metrics metrics) {
    if (config.sipOverloadMaxWaitMs() == 0) {
      return calls;
    }
    OverloadGuard guard = new OverloadGuard(calls, timers, System::nanoTime, config.sipOverloadMaxWaitMs(),
        config.sipOverloadRetryAfterSeconds(), sip::sendProbe);
    sip.onProbe(guard::probeRead);
    sip.context().runOnContext(v -> guard.start());
    closeables.add(0, () -> sip.context().runOnContext(v -> guard.stop()));
    FunctionCounter.builder("switchboard.sip.overload.shed", guard, OverloadGuard::shed)
        .description("new calls refused with 503 because the SIP event loop ran behind").register(metrics.registry());
    Gauge.builder("switchboard.sip.overload.active", guard, g -> g.overloaded() ? 1 : 0)
        .description("1 while new calls are being refused").register(metrics.registry());
    return guard;
  }

  /** How long packets can sit unread: media-loop polls that came late (CPU starvation or a long round of work). */
  private static void meterPollGaps(MediaNode media, Metrics metrics) {
    FunctionCounter.builder("switchboard.media.loop.late.polls", media, m -> m.pollGaps().over2ms())
        .tag("over", "2ms").description("media-loop polls more than 2 ms past the poll interval")
        .register(metrics.registry());
    FunctionCounter.builder("switchboard.media.loop.late.polls", media, m -> m.pollGaps().over10ms())
        .tag("over", "10ms").description("media-loop polls more than 10 ms past the poll interval")
        .register(metrics.registry());
  }

  /** SIP trunk side: media, transport, transactions and inbound call control, on one event loop. */
  private void startSip(Acd metered, NodeBus bus, Metrics metrics, RedisConnections redis) {
    media = new MediaNode(vertx, config.mediaOptions(), Clock.systemUTC());
    media.start();
    closeables.add(0, media);
    meterPollGaps(media, metrics);
    MediaMeters.register(media, metrics.registry());
    webrtc = new WebRtcNode(config.webrtcOptions(), Clock.systemUTC(), metrics.registry(), media.ioLoop());
    webrtc.start();
    closeables.add(0, webrtc);
    String bindHost = config.sipHost();
    String advertised = config.sipAdvertisedAddress();
    warnIfLoopback("sip", bindHost, advertised);
    warnIfLoopback("media", config.mediaOptions().bindHost(), config.mediaOptions().advertisedAddress());
    sip = SocketTransport.start(vertx, config.sipOptions(), bindHost, advertised, config.sipPort(), config.sipPort())
        .await();
    String contact = (advertised.indexOf(':') >= 0 ? "[" + advertised + "]" : advertised) + ":" + sip.udpPort();
    closeables.add(0, () -> sip.close().await());
    sip.floodPolicy(trunkFloodPolicy());
    calls = new InboundCalls(
        new io.switchboard.call.InboundSetup.Deps(sip.context(), metered, directory, bus, media,
            io.micrometer.core.instrument.Metrics.globalRegistry, webrtc),
        new io.switchboard.call.InboundSetup(config.sipTenant(), config.nodeId(), config.region(),
            contact, config.mediaOptions().announcementInterval(),
            Duration.ofMillis(config.sipOptions().answerDelayMs()), config.mediaOptions().inactivityTimeout(),
            config.flowWebhookAllowInsecure(), config.callbacks()));
    outbound = new OutboundCalls(sip.context(), directory, contact, media);
    calls.sessionTimers(config.sessionTimers());
    outbound.sessionTimers(config.sessionTimers());
    DialPlanner planner = new DialPlanner(directory, this::doNotCallListed);
    dials = new OutboundDials(sip.context(), metered, directory, planner, outbound, bus, media,
        webrtc, config.sipTenant(), Duration.ofSeconds(config.dialNoAnswerSeconds()));
    predictive = CampaignPacing.dialer(config, sip.context(), metered, acd, directory, planner, outbound, bus, media,
        webrtc);
    calls.alsoHeld(predictive::held);
    calls.attachTransfers(outbound, planner, Duration.ofSeconds(config.dialNoAnswerSeconds()));
    signaling.dialer(dials);
    calls.showListen(config.supervisionShowListen());
    calls.agentLegGrace(config.consultAgentLegGrace());
    calls.maxMonitorsPerCall(config.supervisionMaxMonitorsPerCall());
    calls.voicemail(config.voicemail());
    signaling.monitoring(calls.monitoring());
    signaling.consulting(calls.consulting());
    limitTrunks(redis);
    VertxTimers timers = new VertxTimers(sip.context());
    TransactionLayer layer = new TransactionLayer(sip, timers, config.sipOptions(),
        overloadGuarded(outbound.routing(calls), timers, metrics));
    transactions = layer;
    calls.attach(layer);
    outbound.attach(layer);
    meterSip(layer, metrics);
    sip.listener(layer);
    var monitorRelay = new io.switchboard.signaling.MonitorRelay(calls::monitoring, bus);
    bus.listenCalls((tenant, callId, m) -> {
      if (io.switchboard.signaling.MonitorRelay.handles(m)) {
        monitorRelay.receive(tenant, m); // a supervisor on another node
      } else if (dials.owns(tenant, callId)) {
        dials.onCallMessage(tenant, callId, m);
      } else if (predictive.owns(tenant, callId)) {
        predictive.onCallMessage(tenant, callId, m);
      } else {
        calls.onCallMessage(tenant, callId, m);
      }
    });
    closeables.add(0, () -> {
      bus.listenCalls(null);
      signaling.dialer(null);
      signaling.monitoring(null);
      dials.close();
      predictive.close();
      outbound.close();
      calls.close();
    });
    LOG.info("sip started node={} tenant={} sip={}:{} advertised={} media-advertised={}", config.nodeId(),
        config.sipTenant(), bindHost, sip.udpPort(), advertised, config.mediaOptions().advertisedAddress());
  }

  /** A node bound to every interface that can find no other address than loopback tells peers to call itself. */
  private static void warnIfLoopback(String what, String bindHost, String advertised) {
    if (BindHosts.isWildcard(bindHost) && (advertised.startsWith("127.") || "::1".equals(advertised))) {
      LOG.warn("{} advertises {}: no interface but loopback is up; set {}.advertised-address for remote peers",
          what, advertised, what);
    }
  }

  /**
   * Trunks held to their maxConcurrentCalls across the cluster. Before any call: this node's slots are stated (none:
   * a node that restarted under the same id gives back what its previous run held), then again every minute
   * and whenever the node rejoins ({@link #rejoin}).
   */
  private void limitTrunks(RedisConnections redis) {
    trunkLimits = new TrunkLimits(acd, io.micrometer.core.instrument.Metrics.globalRegistry,
        config.sipTrunkLimitRetryAfterSeconds());
    trunkLimits.track(List.of(config.sipTenant()));
    trunkLimits.track(Lua.toVertx(redis.commands().smembers(Keys.TENANTS), vertx.getOrCreateContext()).await());
    trunkLimits.sync().await();
    long timer = vertx.setPeriodic(TrunkLimits.SYNC_INTERVAL_MS, t -> trunkLimits.sync()
        .onFailure(e -> LOG.warn("sip.trunk-sync-failed error={}", e.toString())));
    closeables.add(0, () -> vertx.cancelTimer(timer));
    calls.limitTrunks(trunkLimits);
    outbound.limitTrunks(trunkLimits);
  }

  /** Gauges of the SIP side (the objects are held strongly: the layer lives only in the wiring). */
  private void meterSip(TransactionLayer layer, Metrics metrics) {
    var r = metrics.registry();
    Gauge.builder("switchboard.sip.calls.active", calls, InboundCalls::activeCalls).tag("direction", "inbound")
        .description("SIP calls on this node, from INVITE to their end").strongReference(true).register(r);
    Gauge.builder("switchboard.sip.calls.active", outbound, OutboundCalls::activeCalls).tag("direction", "outbound")
        .description("SIP calls on this node, from INVITE to their end").strongReference(true).register(r);
    Gauge.builder("switchboard.sip.transactions.active", layer, TransactionLayer::serverCount).tag("kind", "server")
        .description("SIP transactions not yet terminated").strongReference(true).register(r);
    Gauge.builder("switchboard.sip.transactions.active", layer, TransactionLayer::clientCount).tag("kind", "client")
        .description("SIP transactions not yet terminated").strongReference(true).register(r);
    Gauge.builder("switchboard.sip.dialogs.active", this, n -> n.calls.dialogCount() + n.outbound.dialogCount())
        .description("confirmed SIP dialogs (answered calls not yet ended)").strongReference(true).register(r);
  }

  /** Trunks' addresses get their own, higher flood limit (sip.flood.trunk-*), read from the directory. */
  private TrunkFloodPolicy trunkFloodPolicy() {
    TrunkFloodPolicy policy = new TrunkFloodPolicy(directory, config.sipTenant(),
        config.sipOptions().trunkFloodRatePerSecond(), config.sipOptions().trunkFloodBurst());
    policy.start(vertx).await();
    closeables.add(0, policy::stop);
    return policy;
  }

  /**
   * Reconciles this node's calls, again a second later while it fails (Redis may still be between masters, or
   * read-only), at most {@code attempts} times: a reconciliation that never runs leaves calls the ACD lost, or
   * ended, waiting forever.
   */
  private void reconcile(InboundCalls c, NodeRegistry.Reason reason, int attempts) {
    c.reconcile().onFailure(e -> {
      LOG.warn("node.reconcile-failed reason={} attemptsLeft={} error={}", reason, attempts - 1, e.toString());
      if (attempts > 1) {
        vertx.setTimer(1000, t -> reconcile(c, reason, attempts - 1));
      }
    });
  }

  /**
   * The shared state may not match this node any more: its calls are reconciled with the ACD (Redis may lack the
   * last writes, or the survivors ended them while this node was paused), and after being taken for dead every agent
   * socket is closed so that its page reconnects and is attached again (the survivors set those agents offline).
   */
  private void rejoin(NodeRegistry.Reason reason) {
    InboundCalls c = calls;
    if (c != null) {
      reconcile(c, reason, REJOIN_ATTEMPTS);
    }
    TrunkLimits t = trunkLimits;
    if (t != null) {
      t.sync().onFailure(e -> LOG.warn("node.trunk-sync-failed reason={} error={}", reason, e.toString()));
    }
    if (reason == NodeRegistry.Reason.RESURRECTED) {
      signaling.rejoin();
    }
  }

  /** A dead node's agents lost their sockets: the ACD releases what they held, as if each had disconnected. */
  private Future<Void> forgetAgentsOf(String deadNode, List<AgentRef> agents) {
    List<Future<Void>> done = new ArrayList<>();
    for (AgentRef a : agents) {
      done.add(meteredAcd.disconnected(a.tenant(), a.agentId(), deadNode));
    }
    return Future.join(done).mapEmpty();
  }

  /**
   * The dial planner's do-not-call check, on the store of record: the tenant's list, and the own list of a campaign
   * whose call to the number is in flight; fails (nothing is dialed) until the store is open.
   */
  private Future<Boolean> doNotCallListed(String tenant, String number) {
    Database db = database;
    return db == null ? Future.failedFuture("the store of record is not open yet") : vertx.executeBlocking(
        () -> new PgDoNotCallStore(db.dataSource()).listed(tenant, number, java.time.Instant.now())
            || new io.switchboard.campaigns.PgCampaignStore(db.dataSource()).doNotCallInFlight(tenant, number), false);
  }

  /** A campaign call's contact zone and calling hours, on the store of record (call-back times picked in wrap-up). */
  private Future<java.util.Optional<io.switchboard.campaigns.CallbackTimes.Window>> callbackWindow(String tenant,
      String callId) {
    Database db = database;
    return db == null ? Future.failedFuture("the store of record is not open yet") : vertx.executeBlocking(
        () -> new io.switchboard.campaigns.PgCampaignStore(db.dataSource()).callbackWindow(tenant, callId), false);
  }

  /** The port the HTTP server listens on (useful with http.port=0). */
  /** The node's HTTP routes (tests enumerate them: the authorization matrix). */
  public Router router() {
    return router;
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** The SIP port (UDP and TCP; useful with sip.port=0). */
  public int sipPort() {
    return sip.udpPort();
  }

  /** The SIP TLS port (useful with sip.port=0), -1 with sip.tls-port=off. */
  public int sipTlsPort() {
    return sip.tlsPort();
  }

  /** Inbound SIP call control (for leak checks: {@link InboundCalls#activeCalls()}). */
  public InboundCalls calls() {
    return calls;
  }

  /** The SIP transaction layer (for leak checks: {@link TransactionLayer#describeServers()}). */
  public TransactionLayer transactions() {
    return transactions;
  }

  /** Trunks' maxConcurrentCalls as this node holds them (for leak checks: {@link TrunkLimits#heldSlots()}). */
  public TrunkLimits trunkLimits() {
    return trunkLimits;
  }

  /** Calls this node originates to trunks (transfers, campaigns, callbacks). */
  public OutboundCalls outbound() {
    return outbound;
  }

  /** Predictive campaign calls dialed on this node (docs/campaigns.md). */
  public PredictiveDials predictive() {
    return predictive;
  }

  /** Agents' click-to-dial calls placed on this node (call.dial). */
  public OutboundDials dials() {
    return dials;
  }

  /** Browser media legs terminated on this node (ICE + DTLS-SRTP on one UDP port). */
  public WebRtcEndpoint webrtc() {
    return webrtc;
  }

  /** The WebRTC UDP port (useful with webrtc.port=0). */
  public int webrtcPort() {
    return webrtc.port();
  }

  public MediaNode media() {
    return media;
  }

  public SwitchboardConfig config() {
    return config;
  }

  /** The bot that answers chats before agents from now on, in place of the tenants' intent bots. */
  public Node chatBot(io.switchboard.chat.ChatBot bot) {
    chat.service().bot(bot);
    return this;
  }

  /** The chat service. */
  public io.switchboard.chat.ChatService chats() {
    return chat.service();
  }

  /** The node's ACD, for components (and tests) that place calls. */
  public RedisAcd acd() {
    return acd;
  }

  public Directory directory() {
    return directory;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * The bot that answers chat queues' customers before an agent (docs/chat-bot.md): the chat service asks it for a
   * turn after each customer message.
   */
  public io.switchboard.chat.ChatBot chatBot() {
    return chat.service().bot();
  }

  /** The store of record (PostgreSQL). */
  public Database database() {
    return database;
  }

  /** Call recording on this node (store, metadata, writer). */
  public Recordings recordings() {
    return recordings;
  }

  /** The pipeline copying the ACD's events into the store of record. */
  public RecordsPipeline records() {
    return records;
  }

  /** Stops everything this node started; safe to call twice and after a failed start. */
  public synchronized void stop() {
    if (http != null) {
      http.close().await();
      http = null;
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.toString());
      }
    }
    closeables.clear();
    if (vertx != null) {
      vertx.close().await();
      vertx = null;
    }
    if (dataDir != null) {  // last: the stores that write in it have stopped
      dataDir.close();
      dataDir = null;
    }
  }
}
