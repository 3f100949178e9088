package io.switchboard.webrtc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.session.MediaLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's WebRTC side: one shared ICE UDP socket (ice4j single-port harvester with its push API, or with
 * {@code webrtc.harvester=loops} our {@link LoopHarvester} read by a media loop) for every leg, one
 * DTLS certificate, worker threads for DTLS handshakes and a timer thread for the legs' deadlines.
 * {@link #start()} binds and warms SRTP up (about 1 s once, so the first call does not drop its first packets);
 * {@link #close()} closes every leg and the socket. Thread-safe.
 */
public final class WebRtcNode implements WebRtcEndpoint, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebRtcNode.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * ice4j logs every agent at INFO through java.util.logging, including its ice-pwd: keep only warnings. Held here
   * because JUL keeps loggers weakly (a collected logger would forget its level).
   */
  private static final java.util.logging.Logger[] QUIET = {
      java.util.logging.Logger.getLogger("org.ice4j"), java.util.logging.Logger.getLogger("org.jitsi")};
  private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP =
      new java.util.concurrent.atomic.AtomicBoolean();

  static {
    for (java.util.logging.Logger l : QUIET) {
      l.setLevel(java.util.logging.Level.WARNING);
    }
    // ice4j reads these through its Typesafe config (system properties first); they must be set before ice4j
    // classes initialise. Per-agent setUseDynamicPorts(false) covers the first one as well.
    setDefault("ice4j.harvest.udp.use-dynamic-ports", "false");
    setDefault("ice4j.harvest.use-link-local-addresses", "false");
    setDefault("ice4j.harvest.mapping.aws.enabled", "false");
    setDefault("ice4j.harvest.use-ipv6", "false");
    // Every leg shares this one socket: the OS default (~212 KiB) overflowed in the bridged-calls benchmark
    // (32 % → 2.7 % loss at ~300 calls with 4 MiB). The kernel caps it at net.core.rmem_max: raise that too.
    setDefault("ice4j.harvest.udp.receive-buffer-size", "4194304");
  }

  /** Above this many concurrent handshakes a new one is refused (its leg then fails with dtls-failed). */
  private static final int MAX_WORKERS = 4096;

  private final WebRtcOptions options;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Set<IceLeg> legs = ConcurrentHashMap.newKeySet();
  private DtlsIdentity identity;
  /** The port's reader when {@code webrtc.harvester=loops} (null: the node makes one loop of its own). */
  private final MediaLoop mediaLoop;
  private MediaLoop ownLoop;
  private CandidateHarvester harvester;
  private Runnable closeHarvester;
  private int port;
  private ExecutorService workers;
  private ScheduledExecutorService timer;
  private WebRtcCounters counters;
  private volatile boolean started;

  public WebRtcNode(WebRtcOptions options, Clock clock, MeterRegistry registry) {
    this(options, clock, registry, null);
  }

  /**
   * @param mediaLoop the loop that reads the shared port with {@code webrtc.harvester=loops} (the node's media
   *     loop, so that bridged legs on it are served without a hand-off); null makes a loop of the node's own
   */
  public WebRtcNode(WebRtcOptions options, Clock clock, MeterRegistry registry, MediaLoop mediaLoop) {
    this.options = options;
    this.clock = clock;
    this.registry = registry;
    this.mediaLoop = mediaLoop;
  }

  public WebRtcNode(WebRtcOptions options) {
    this(options, Clock.systemUTC(), Metrics.globalRegistry);
  }

  /** Binds the ICE socket and warms SRTP up. Blocks (about 1 s on a cold JVM). Call once. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    long t0 = System.nanoTime();
    // One thread per DTLS handshake (bctls blocks while it waits for the browser's flights); idle ones go after 5 s.
    workers = new ThreadPoolExecutor(0, MAX_WORKERS, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon("webrtc-dtls-"));
    IceBuffers.install();
    try {
      bindHarvester();
    } catch (IOException e) {
      workers.shutdownNow();
      throw new IllegalStateException("webrtc: cannot bind UDP " + options.bindHost() + ":" + options.port()
          + ": " + e.getMessage(), e);
    }
    warmUpIce(harvester);
    long bound = System.nanoTime();
    identity = DtlsIdentity.generate("switchboard");
    long keyed = System.nanoTime();
    counters = new WebRtcCounters(registry, legs::size);
    timer = Executors.newSingleThreadScheduledExecutor(daemon("webrtc-timer-"));
    long tick = Math.max(10, Math.min(500,
        Math.min(options.connectTimeout().toMillis(), options.consentTimeout().toMillis()) / 10));
    timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    warmUpSrtp();
    long warm = System.nanoTime();
    started = true;
    LOG.info("webrtc started bind={}:{} advertised={} harvester={} bindMs={} certMs={} srtpWarmUpMs={}",
        options.bindHost(), port(), options.advertisedAddress(), options.harvester(), (bound - t0) / 1_000_000, (keyed - bound) / 1_000_000,
        (warm - keyed) / 1_000_000);
  }

  /** The shared port's reader: ice4j's receive thread, or a media loop (STUN then goes to the workers). */
  private void bindHarvester() throws IOException {
    if (options.harvester() == WebRtcOptions.Harvester.LOOPS) {
      MediaLoop loop = mediaLoop;
      if (loop == null) {
        ownLoop = new MediaLoop("webrtc-io", 1_000_000, 50_000_000, System::nanoTime);
        ownLoop.start();
        loop = ownLoop;
      }
      LoopHarvester h;
      try {
        h = new LoopHarvester(options.bindHost(), options.port(), loop, workers);
      } catch (IOException | RuntimeException e) {
        if (ownLoop != null) {
          ownLoop.close();
        }
        throw e;
      }
      harvester = h;
      port = h.localAddress().getPort();
      closeHarvester = () -> {
        h.close();
        if (ownLoop != null) {
          ownLoop.close();
        }
      };
    } else {
      AbstractUdpListener.USE_PUSH_API = true; // must precede the harvester
      SinglePortUdpHarvester h =
          new SinglePortUdpHarvester(new TransportAddress(options.bindHost(), options.port(), Transport.UDP));
      harvester = h;
      port = h.getLocalAddress().getPort();
      closeHarvester = h::close;
    }
  }

  /**
   * Checks the offer on the caller's thread (a bad offer fails at once, nothing taken), then makes the ICE agent
   * on a worker thread (ice4j agent set-up can take milliseconds: not on an event loop). The future completes on
   * the caller's Vert.x context when there is one.
   */
  @Override
  public Future<WebRtcLeg> answer(String offerSdp, WebRtcLeg.Listener listener) {
    if (!started) {
      return Future.failedFuture(new IllegalStateException("webrtc node not started"));
    }
    WebRtcOffer offer;
    try {
      offer = WebRtcOffer.parse(offerSdp);
    } catch (SdpException e) {
      return Future.failedFuture(e);
    }
    Context context = Vertx.currentContext();
    Promise<WebRtcLeg> promise = Promise.promise();
    try {
      workers.execute(() -> {
        try {
          IceLeg leg = new IceLeg(this, offer, listener);
          legs.add(leg);
          if (leg.state() == WebRtcLeg.State.CLOSED) {
            legs.remove(leg); // closed before it was registered: removed() missed it
          }
          complete(context, () -> promise.complete(leg));
        } catch (IOException | RuntimeException e) {
          LOG.warn("webrtc leg not created error={}", e.toString());
          complete(context, () -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new IllegalStateException("webrtc node stopped"));
    }
    return promise.future();
  }

  private static void complete(Context context, Runnable r) {
    if (context == null) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  @Override
  public int activeLegs() {
    return legs.size();
  }

  /** The real port of the shared ICE socket (useful with {@code webrtc.port=0}). */
  public int port() {
    return port;
  }

  /** Our DTLS certificate's sha-256 fingerprint, as in answers. */
  public String fingerprint() {
    return identity.fingerprint();
  }

  public WebRtcCounters counters() {
    return counters;
  }

  @Override
  public synchronized void close() {
    if (!started) {
      return;
    }
    started = false;
    for (IceLeg leg : legs.toArray(new IceLeg[0])) {
      leg.close("closed");
    }
    timer.shutdownNow();
    workers.shutdownNow();
    closeHarvester.run();
    LOG.info("webrtc stopped port={}", port);
  }

  /** Timer thread: every leg's deadlines. */
  void sweep() {
    long now = nowMillis();
    for (IceLeg leg : legs) {
      try {
        leg.check(now);
      } catch (RuntimeException e) {
        LOG.warn("webrtc leg check failed error={}", e.toString());
      }
    }
  }

  void removed(IceLeg leg, String reason) {
    if (legs.remove(leg)) {
      counters.closed(reason);
    }
  }

  long nowMillis() {
    return clock.millis();
  }

  long sessionId() {
    return RANDOM.nextLong() & Long.MAX_VALUE;
  }

  WebRtcOptions options() {
    return options;
  }

  DtlsIdentity identity() {
    return identity;
  }

  CandidateHarvester harvester() {
    return harvester;
  }

  /** Runs blocking or re-entrant leg work on a worker thread; dropped once the node is closed. */
  void run(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("webrtc task dropped: node closed");
    }
  }

  /**
   * jitsi-srtp benchmarks its AES backends on first use (0.5-1.5 s, during which the first call's packets are
   * dropped): pick OpenSSL when its native library loaded, then protect one packet per profile now. Once per JVM.
   */
  static void warmUpSrtp() {
    if (!WARMED_UP.compareAndSet(false, true)) {
      return;
    }
    try {
      if (JitsiOpenSslProvider.isLoaded()) {
        Aes.setFactoryClassName("OpenSSL");
      }
    } catch (Throwable t) {
      LOG.info("webrtc srtp native library not used error={}", t.toString());
    }
    for (int profile : SrtpSession.PROFILES) {
      byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
      RANDOM.nextBytes(material);
      try (SrtpSession s = SrtpSession.create(profile, material, true)) {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        s.protectRtp(PacketBuffer.copyOf(rtp, 0, rtp.length));
      } catch (Exception e) {
        LOG.warn("webrtc srtp warm-up failed profile={} error={}", profile, e.toString());
      }
    }
  }

  /** The first ice4j Agent of a JVM loads a lot (config, harvesters): do it now rather than in the first call. */
  private static void warmUpIce(CandidateHarvester harvester) {
    org.ice4j.ice.Agent a = new org.ice4j.ice.Agent();
    try {
      a.setUseDynamicPorts(false);
      a.addCandidateHarvester(harvester);
      a.createComponent(a.createMediaStream("warm-up"), org.ice4j.ice.KeepAliveStrategy.SELECTED_ONLY, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("webrtc ice warm-up failed error={}", e.toString());
    } finally {
      a.free();
    }
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
