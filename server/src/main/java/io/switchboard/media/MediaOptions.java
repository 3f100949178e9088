package io.switchboard.media;

import io.switchboard.media.session.SourcePolicy;
import io.switchboard.net.BindHosts;
import java.time.Duration;

/**
 * Media settings of a node, immutable. Proposed configuration keys and defaults (to be added to
 * {@code switchboard-reference.conf}):
 *
 * <pre>
 * media.bind-host=0.0.0.0                 address the RTP/RTCP sockets bind to
 * media.advertised-address=               address written into SDP c= (empty: the configuration derives it,
 *                                         net.AdvertisedAddress; here: the bind host, or loopback if a wildcard)
 * media.rtp-port-min=20000                first RTP port (even); RTCP uses RTP+1
 * media.rtp-port-max=29999                last port of the range (inclusive)
 * media.rtcp-interval-ms=5000             RTCP sender report interval (RFC 3550 6.2 minimum is 5 s)
 * media.strict-rtp=true                   RTP only from the SDP address, or another after probation (RtpSourceFilter)
 * media.rtp-probation-packets=4           in-sequence packets a source other than the SDP address sends first
 * media.announcement-interval-seconds=30  music on hold: an announcement every N seconds
 * media.max-catch-up-ticks=5              pacer: after a stall, ticks sent late in a burst before it drops them
 * media.inactivity-timeout-seconds=60     a call whose caller sent no RTP/RTCP for this long is ended (0: never)
 * media.io-threads=0                      media I/O threads (0: one per processor)
 * media.poll-interval-micros=1000         a busy media thread polls its sockets this often (its most delay)
 * </pre>
 *
 * @param bindHost address the RTP/RTCP sockets bind to
 * @param advertisedAddress address put into SDP answers (c=), never a wildcard
 * @param rtpPortMin first port of the RTP range, even
 * @param rtpPortMax last port of the range, inclusive
 * @param rtcpInterval interval of RTCP sender reports (randomised ±50 % per RFC 3550 6.3.1)
 * @param rtpSources which sources RTP is accepted from (strict RTP and its probation)
 * @param announcementInterval music-on-hold announcement period
 * @param maxCatchUpTicks pacer ticks replayed after a stall before it skips the rest
 * @param inactivityTimeout no RTP or RTCP from the caller for this long ends the call (zero: never)
 * @param ioThreads media I/O threads ({@link io.switchboard.media.session.MediaLoop}s); 0: one per processor
 * @param pollInterval how long a busy media thread parks between polls of its sockets
 */
public record MediaOptions(
    String bindHost,
    String advertisedAddress,
    int rtpPortMin,
    int rtpPortMax,
    Duration rtcpInterval,
    SourcePolicy rtpSources,
    Duration announcementInterval,
    int maxCatchUpTicks,
    Duration inactivityTimeout,
    int ioThreads,
    Duration pollInterval) {

  /** The default of {@link #inactivityTimeout()}. */
  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofSeconds(60);
  /** The default of {@link #pollInterval()}. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(1);

  /** With the default I/O threads (one per processor) and poll interval (1 ms). */
  public MediaOptions(String bindHost, String advertisedAddress, int rtpPortMin, int rtpPortMax, Duration rtcpInterval,
      SourcePolicy rtpSources, Duration announcementInterval, int maxCatchUpTicks, Duration inactivityTimeout) {
    this(bindHost, advertisedAddress, rtpPortMin, rtpPortMax, rtcpInterval, rtpSources, announcementInterval,
        maxCatchUpTicks, inactivityTimeout, 0, DEFAULT_POLL_INTERVAL);
  }

  /** With the default inactivity timeout (60 s). */
  public MediaOptions(String bindHost, String advertisedAddress, int rtpPortMin, int rtpPortMax, Duration rtcpInterval,
      SourcePolicy rtpSources, Duration announcementInterval, int maxCatchUpTicks) {
    this(bindHost, advertisedAddress, rtpPortMin, rtpPortMax, rtcpInterval, rtpSources, announcementInterval,
        maxCatchUpTicks, DEFAULT_INACTIVITY_TIMEOUT);
  }

  /** Audio frame duration: 20 ms, 160 samples at 8 kHz (RFC 3551 4.5: default packetization for PCMU/PCMA). */
  public static final int FRAME_MILLIS = 20;

  public MediaOptions {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("media.bind-host: must not be empty");
    }
    if (advertisedAddress == null || advertisedAddress.isBlank()) {
      advertisedAddress = BindHosts.concrete(bindHost);
    }
    if (BindHosts.isWildcard(advertisedAddress)) {
      throw new IllegalArgumentException("media.advertised-address: must be an address peers can send RTP to");
    }
    if (rtpPortMin < 1024 || rtpPortMin > 65534 || (rtpPortMin & 1) != 0) {
      throw new IllegalArgumentException("media.rtp-port-min: must be an even port in 1024..65534");
    }
    if (rtpPortMax <= rtpPortMin || rtpPortMax > 65535) {
      throw new IllegalArgumentException("media.rtp-port-max: must be above media.rtp-port-min and at most 65535");
    }
    if (rtcpInterval == null || rtcpInterval.toMillis() < 100) {
      throw new IllegalArgumentException("media.rtcp-interval-ms: must be at least 100");
    }
    if (rtpSources == null) {
      throw new IllegalArgumentException("media.strict-rtp: must be set");
    }
    if (announcementInterval == null || announcementInterval.toSeconds() < 1) {
      throw new IllegalArgumentException("media.announcement-interval-seconds: must be at least 1");
    }
    if (maxCatchUpTicks < 0) {
      throw new IllegalArgumentException("media.max-catch-up-ticks: must not be negative");
    }
    if (inactivityTimeout == null || inactivityTimeout.isNegative()) {
      throw new IllegalArgumentException("media.inactivity-timeout-seconds: must not be negative");
    }
    if (ioThreads < 0) {
      throw new IllegalArgumentException("media.io-threads: must not be negative");
    }
    if (pollInterval == null || pollInterval.toNanos() < 50_000 || pollInterval.toNanos() > 20_000_000) {
      throw new IllegalArgumentException("media.poll-interval-micros: must be 50..20000");
    }
  }

  public MediaOptions withInactivityTimeout(Duration timeout) {
    return new MediaOptions(bindHost, advertisedAddress, rtpPortMin, rtpPortMax, rtcpInterval, rtpSources,
        announcementInterval, maxCatchUpTicks, timeout, ioThreads, pollInterval);
  }

  public MediaOptions withIo(int threads, Duration poll) {
    return new MediaOptions(bindHost, advertisedAddress, rtpPortMin, rtpPortMax, rtcpInterval, rtpSources,
        announcementInterval, maxCatchUpTicks, inactivityTimeout, threads, poll);
  }

  /** The documented defaults. */
  public static MediaOptions defaults() {
    return new MediaOptions("0.0.0.0", "", 20000, 29999, Duration.ofSeconds(5), new SourcePolicy(true, 4),
        Duration.ofSeconds(30), 5);
  }

  public MediaOptions withPorts(int min, int max) {
    return new MediaOptions(bindHost, advertisedAddress, min, max, rtcpInterval, rtpSources, announcementInterval,
        maxCatchUpTicks, inactivityTimeout, ioThreads, pollInterval);
  }

  public MediaOptions withHosts(String bind, String advertised) {
    return new MediaOptions(bind, advertised, rtpPortMin, rtpPortMax, rtcpInterval, rtpSources, announcementInterval,
        maxCatchUpTicks, inactivityTimeout, ioThreads, pollInterval);
  }

  public MediaOptions withRtcpInterval(Duration interval) {
    return new MediaOptions(bindHost, advertisedAddress, rtpPortMin, rtpPortMax, interval, rtpSources,
        announcementInterval, maxCatchUpTicks, inactivityTimeout, ioThreads, pollInterval);
  }
}
