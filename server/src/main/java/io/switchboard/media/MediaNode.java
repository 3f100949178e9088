package io.switchboard.media;

import io.switchboard.media.audio.Prompts;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.sdp.SdesCrypto;
import io.switchboard.media.sdp.SdesKeys;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.sdp.SdpNegotiator;
import io.switchboard.media.sdp.SdpOfferer;
import io.switchboard.media.sdp.SdpParser;
import io.switchboard.media.sdp.SessionDescription;
import io.switchboard.media.session.MediaCounters;
import io.switchboard.media.session.MediaLoop;
import io.switchboard.media.session.MediaLoops;
import io.switchboard.media.session.Pacer;
import io.switchboard.media.session.PortAllocator;
import io.switchboard.media.session.RtpEndpoint;
import io.switchboard.media.session.RtpSession;
import io.switchboard.media.session.SessionListener;
import io.switchboard.media.session.SessionParams;
import io.switchboard.media.session.SrtpTransform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;

/**
 * The media side of one node, what the SIP layer calls: one {@link Pacer} (one thread), the RTP port range, the
 * shared prompts and counters. {@link #answer} turns a carrier's SDP offer into a running session and our answer;
 * {@link #offer} makes our offer for a call we originate, and {@link PendingOffer#start} turns the trunk's answer
 * into a running session.
 * Thread-safe. {@link #start} once at node start, {@link #close} at shutdown.
 */
public final class MediaNode implements AutoCloseable {
  private final Vertx vertx;
  private final MediaOptions options;
  private final Clock clock;
  private final Pacer pacer;
  private final MediaLoops loops;
  private final PortAllocator ports;
  private final MediaCounters counters = new MediaCounters();
  private final Prompts prompts = new Prompts();
  private final Random random = new SecureRandom(); // SSRC, initial seq/timestamp: RFC 3550 5.1 wants them random

  /** A call's media: the SDP answer to send and the session to play sources on. */
  public record CallMedia(NegotiatedAudio negotiated, RtpSession session, RtpEndpoint endpoint, Pacer pacer) {
    public String answerSdp() {
      return negotiated.answer();
    }

    /** Stops the stream, sends RTCP BYE, frees the ports. Idempotent. */
    public Future<Void> close() {
      pacer.remove(session);
      return endpoint.close();
    }
  }

  /**
   * Our side of an outbound call before the answer: an RTP port pair bound and named in {@link #sdp()}. Exactly one
   * of {@link #start} (the answer arrived) or {@link #close} (the call failed) ends it; both may be called from any
   * thread.
   */
  public final class PendingOffer {
    private final String sdp;
    private final RtpEndpoint endpoint;
    private CallMedia started;

    private PendingOffer(String sdp, RtpEndpoint endpoint) {
      this.sdp = sdp;
      this.endpoint = endpoint;
    }

    /** The SDP offer to put in the INVITE. */
    public String sdp() {
      return sdp;
    }

    /**
     * Applies the trunk's answer (from the 2xx) and starts the session: silent until a source is switched in, like
     * an answered inbound call. On SdpException nothing is started and the ports are still held: {@link #close}.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized CallMedia start(String answerSdp, SessionListener listener) throws SdpException {
      if (started != null || endpoint.closed()) {
        throw new IllegalStateException("offer already answered or closed");
      }
      if (answerSdp == null || answerSdp.isBlank()) {
        throw new SdpException(SdpException.Kind.MALFORMED, "sdp", "the 2xx carries no SDP answer");
      }
      NegotiatedAudio n = SdpOfferer.applyAnswer(SdpParser.parse(answerSdp), sdp);
      started = startSession(n, endpoint, listener);
      return started;
    }

    /** Frees the ports (and stops the session if it was started). Idempotent. */
    public synchronized Future<Void> close() {
      return started != null ? started.close() : endpoint.close();
    }
  }

  public MediaNode(Vertx vertx, MediaOptions options, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.clock = clock;
    this.pacer = new Pacer(System::nanoTime, options.maxCatchUpTicks());
    this.loops = new MediaLoops(options.ioThreads(), options.pollInterval(), System::nanoTime);
    this.ports = new PortAllocator(options.rtpPortMin(), options.rtpPortMax());
  }

  public void start() {
    loops.start();
    pacer.start();
  }

  /**
   * Negotiates {@code offerSdp} and opens the session (silent until a source is switched in). Fails with
   * {@link SdpException} (its kind gives the SIP status: 400 or 488) before any port is taken, or with an
   * IllegalStateException when the port range is exhausted (answer 503).
   */
  public Future<CallMedia> answer(String offerSdp, SessionListener listener) {
    return answer(offerSdp, false, listener);
  }

  /**
   * Like {@link #answer(String, SessionListener)}; an RTP/SAVP offer (SDES, RFC 4568) is answered with SRTP in
   * any case, and {@code requireSrtp} refuses a plain RTP one (488).
   */
  public Future<CallMedia> answer(String offerSdp, boolean requireSrtp, SessionListener listener) {
    SessionDescription offer;
    try {
      offer = SdpParser.parse(offerSdp);
      // refuse before taking a port
      SdpNegotiator.answer(offer, options.advertisedAddress(), 1, 0, 0, false, requireSrtp);
    } catch (SdpException e) {
      return Future.failedFuture(e);
    }
    long sessionId = random.nextLong() & Long.MAX_VALUE;
    return RtpEndpoint.open(vertx, loops, options, ports, counters, System::nanoTime).compose(ep -> {
      NegotiatedAudio n;
      try {
        n = SdpNegotiator.answer(offer, options.advertisedAddress(), ep.rtpPort(), sessionId, 1, false,
            requireSrtp);
      } catch (SdpException e) {
        return ep.close().transform(x -> Future.failedFuture(e));
      }
      return Future.succeededFuture(startSession(n, ep, listener));
    });
  }

  /**
   * Binds a port pair and writes our offer for a call we originate (PCMU, PCMA, telephone-event). Fails with an
   * IllegalStateException when the port range is exhausted.
   */
  public Future<PendingOffer> offer() {
    return offer(false);
  }

  /**
   * Like {@link #offer()}; with {@code srtp} the offer is RTP/SAVP with SDES keys (RFC 4568) and only an SRTP
   * answer is accepted.
   */
  public Future<PendingOffer> offer(boolean srtp) {
    long sessionId = random.nextLong() & Long.MAX_VALUE;
    return RtpEndpoint.open(vertx, loops, options, ports, counters, System::nanoTime).map(ep ->
        new PendingOffer(SdpOfferer.offer(options.advertisedAddress(), ep.rtpPort(), sessionId, 1, srtp), ep));
  }

  private CallMedia startSession(NegotiatedAudio n, RtpEndpoint ep, SessionListener listener) {
    String cname = "sb-" + HexFormat.of().toHexDigits(random.nextLong());
    RtpSession s = new RtpSession(SessionParams.of(n, options, cname), ep, listener, counters, clock, random);
    ep.attach(s, n.rtcpMux(), n.srtp() == null ? null : SrtpTransform.of(n.srtp(), counters));
    pacer.add(s, ep.executor());
    return new CallMedia(n, s, ep, pacer);
  }

  /**
   * A new offer within the dialog (a re-INVITE or UPDATE: hold, resume, codec or address change, or a session
   * refresh repeating the offer): negotiated on the call's port pair and applied to its running session
   * ({@link RtpSession#update}). Returns our answer: {@code lastSdp} (the description we sent last) when nothing
   * changed, else the new one with the same o= session id and the version one higher (RFC 3264 8). On
   * SdpException the session is left as it was (answer 488 or 400; the old session goes on).
   */
  public String reanswer(CallMedia media, String lastSdp, String offerSdp) throws SdpException {
    SessionDescription last = SdpParser.parse(lastSdp);
    SessionDescription offer = SdpParser.parse(offerSdp);
    long sessionId = Long.parseLong(last.sessionId());
    long version = Long.parseLong(last.sessionVersion());
    int port = media.endpoint().rtpPort();
    SrtpTransform srtp = media.endpoint().srtp();
    SdesCrypto keep = srtp == null ? null : srtp.keys().local();
    // an SRTP leg stays SRTP (no downgrade by re-offer); our key is kept while the suite is
    NegotiatedAudio n = SdpNegotiator.answer(offer, options.advertisedAddress(), port, sessionId, version, false,
        srtp != null, keep);
    String answer = n.answer();
    if (!answer.equals(lastSdp)) {
      n = SdpNegotiator.answer(offer, options.advertisedAddress(), port, sessionId, version + 1, false,
          srtp != null, keep);
      answer = n.answer();
    }
    if (n.srtp() != null && (srtp == null || !sameKeys(n.srtp(), srtp.keys()))) {
      media.endpoint().rekey(SrtpTransform.of(n.srtp(), counters));
    }
    media.session().update(SessionParams.of(n, options, media.session().params().cname()));
    return answer;
  }

  /**
   * Our new offer within the dialog, for a re-INVITE that carried none (RFC 3264 8, RFC 3261 14.2): the call's port
   * pair, PCMU, PCMA and telephone-event, sendrecv; an SRTP leg stays SRTP and offers its current key again for its
   * suite. The o= session id is {@code lastSdp}'s (the description we sent last), the version one higher unless the
   * text is the same. Nothing is applied until the answer comes ({@link #applyAnswer}).
   */
  public String reoffer(CallMedia media, String lastSdp) throws SdpException {
    SessionDescription last = SdpParser.parse(lastSdp);
    long sessionId = Long.parseLong(last.sessionId());
    long version = Long.parseLong(last.sessionVersion());
    SrtpTransform srtp = media.endpoint().srtp();
    SdesCrypto keep = srtp == null ? null : srtp.keys().local();
    int port = media.endpoint().rtpPort();
    String offer = SdpOfferer.offer(options.advertisedAddress(), port, sessionId, version, srtp != null, keep);
    return offer.equals(lastSdp) ? offer
        : SdpOfferer.offer(options.advertisedAddress(), port, sessionId, version + 1, srtp != null, keep);
  }

  /**
   * Applies the peer's answer to an offer of ours within the dialog ({@link #reoffer} in a 200 whose ACK brings the
   * answer, or the description we repeat in a refresh re-INVITE) to the running session, as {@link #reanswer} does
   * for an offer: hold when the answer does not let us send, address and codec changes, new SRTP keys when either
   * side's key changed. An SRTP leg offered SRTP accepts only an SRTP answer. On SdpException (an answer that does
   * not fit {@code ourOffer}) the session is left as it was.
   *
   * @return whether the session changed
   */
  public boolean applyAnswer(CallMedia media, String ourOffer, String answerSdp) throws SdpException {
    if (answerSdp == null || answerSdp.isBlank()) {
      throw new SdpException(SdpException.Kind.NOT_ACCEPTABLE, "sdp", "no SDP answer to our offer");
    }
    NegotiatedAudio n = SdpOfferer.applyAnswer(SdpParser.parse(answerSdp), ourOffer);
    SrtpTransform srtp = media.endpoint().srtp();
    if (srtp != null && n.srtp() == null) { // only when ourOffer was not the leg's own: no downgrade
      throw new SdpException(SdpException.Kind.NOT_ACCEPTABLE, "m=audio", "an SRTP leg cannot go on in plain RTP");
    }
    boolean rekey = n.srtp() != null && (srtp == null || !sameKeys(n.srtp(), srtp.keys()));
    if (rekey) {
      media.endpoint().rekey(SrtpTransform.of(n.srtp(), counters));
    }
    SessionParams next = SessionParams.of(n, options, media.session().params().cname());
    if (next.equals(media.session().params()) && !rekey) {
      return false;
    }
    media.session().update(next);
    return true;
  }

  private static boolean sameKeys(SdesKeys a, SdesKeys b) {
    return same(a.local(), b.local()) && same(a.remote(), b.remote());
  }

  private static boolean same(SdesCrypto a, SdesCrypto b) {
    return a.suite() == b.suite() && java.util.Arrays.equals(a.key(), b.key())
        && java.util.Arrays.equals(a.salt(), b.salt());
  }

  public Prompts prompts() {
    return prompts;
  }

  public MediaCounters counters() {
    return counters;
  }

  public MediaOptions options() {
    return options;
  }

  /** Sessions being paced (for leak checks: back to 0 when every call has ended). */
  public int activeSessions() {
    return pacer.size();
  }

  /** The node's pacer, for its statistics ({@link Pacer#lateness()}, skipped ticks). */
  public Pacer pacer() {
    return pacer;
  }

  /**
   * A media loop for a reader outside this node (the WebRTC port with {@code webrtc.harvester=loops}): the first
   * one, so on a one-loop node the bridged calls and the browser port share one thread.
   */
  public MediaLoop ioLoop() {
    return loops.first();
  }

  /** How late the media loops' polls came, since start (see {@link MediaLoop.PollGaps}). */
  public MediaLoop.PollGaps pollGaps() {
    return loops.pollGaps();
  }

  /** RTP port pairs in use (for leak checks). */
  public int portsInUse() {
    return ports.inUse();
  }

  /** RTP port pairs in the range. */
  public int portCapacity() {
    return ports.capacity();
  }

  @Override
  public void close() {
    pacer.close();
    loops.close();
  }
}
