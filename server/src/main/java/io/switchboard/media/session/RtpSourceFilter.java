package io.switchboard.media.session;

/**
 * Strict RTP: which source may deliver a session's media, and so where symmetric RTP (RFC 4961) sends it. Decided
 * packet by packet on valid packets (parsed, negotiated payload type). Pure: no I/O, no clock of its own (the caller
 * passes the arrival time). Not thread-safe: its {@link RtpSession} calls it under the session's lock.
 *
 * <p><b>The rule</b> ({@code media.strict-rtp=true}):
 * <ul>
 *   <li>The <em>expected address</em> — IP and port of the remote SDP, set again by {@link #expect} when a
 *       re-INVITE moves the media — is latched on its first packet, also over a source latched by probation:
 *       signalling names it, so it wins.
 *   <li>Any other source (a caller behind NAT, whose SDP shows a private address) is latched only after a
 *       <em>probation</em>: {@code media.rtp-probation-packets} consecutive packets from that one source with one
 *       SSRC, each sequence number one above the last (Asterisk's {@code strictrtp=seqno}, rtpengine's
 *       strict-source). Its packets are dropped meanwhile ({@link Verdict#PROBATION}). A packet from any other
 *       source restarts the probation with that source, so two senders that interleave never latch.
 *   <li>Once latched, packets from every other source are dropped ({@link Verdict#STRANGER}), also those with the
 *       latched SSRC: an SSRC is no secret (RTCP carries it), so a NAT rebinding of the same stream is not followed.
 *   <li>Re-learning: a source with a <em>new</em> SSRC may go on probation again, but only once the latched source
 *       has been silent for {@link #RELEARN_SILENCE_NANOS} (the far end moved its media without a re-INVITE, e.g.
 *       an SBC failover). While the latched source sends, every other source is a stranger, however well-formed
 *       its stream — a flood of in-sequence packets cannot take the media over.
 * </ul>
 * Known limit: before the caller's first packet, a stranger sending a valid in-sequence stream cannot be told from
 * a caller behind NAT and may be latched; the caller's first packet from its SDP address takes the media back.
 * Random ports ({@link PortAllocator}) make finding the port the first hurdle.
 *
 * <p>{@code media.strict-rtp=false}: every valid packet is accepted and its source becomes the target (plain
 * symmetric RTP, no protection).
 *
 * <p><b>RTCP</b> follows the same rule, see {@link #acceptsRtcp}.
 *
 * <pre>
 *              expected address, or a probation passed
 *   LEARNING ──────────────────────────────────────────► LATCHED ◄──┐ expected address (takes over), or a new
 *      ▲                                                    │      │ SSRC passes probation after the latched
 *      └──────────── expect(another RTP address) ───────────┘──────┘ source's silence
 *   OPEN (not strict): every valid packet accepted, its source followed.
 * </pre>
 */
final class RtpSourceFilter {
  /** How long the latched source must have been silent before another (new-SSRC) source may go on probation. */
  static final long RELEARN_SILENCE_NANOS = 1_000_000_000L;

  enum State {
    /** No source latched yet: the expected address latches at once, another source after its probation. */
    LEARNING,
    /** One source owns the media; any other is dropped, a new one may re-learn only after its silence. */
    LATCHED,
    /** Not strict: the source of each valid packet is accepted and followed. */
    OPEN
  }

  /** What to do with one valid packet. */
  enum Verdict {
    /** From the latched source: use it. */
    ACCEPT,
    /** Use it, and its source is now the latched one: send there from now on. */
    LATCH,
    /** Dropped: its source is on probation. */
    PROBATION,
    /** Dropped: another source owns the media. */
    STRANGER;

    boolean accepted() {
      return this == ACCEPT || this == LATCH;
    }
  }

  private final SourcePolicy policy;
  private final boolean rtcpMux;
  private Peer expectedRtp;
  private Peer expectedRtcp;
  private State state;
  private Peer latched;
  private int latchedSsrc;
  private long latchedHeardNanos;
  private Peer candidate;
  private int candidateSsrc;
  private int candidateSeq;
  private int candidateCount;

  /**
   * @param expectedRtp the remote SDP's RTP address
   * @param expectedRtcp its RTCP address (a=rtcp, else RTP port + 1; the RTP address with rtcp-mux)
   */
  RtpSourceFilter(SourcePolicy policy, Peer expectedRtp, Peer expectedRtcp, boolean rtcpMux) {
    this.policy = policy;
    this.rtcpMux = rtcpMux;
    this.expectedRtp = expectedRtp;
    this.expectedRtcp = rtcpMux ? expectedRtp : expectedRtcp;
    this.state = policy.strict() ? State.LEARNING : State.OPEN;
  }

  /** The verdict on a valid RTP packet of {@code ssrc}/{@code seq} from {@code from}, arrived at {@code nowNanos}. */
  Verdict onRtp(Peer from, int ssrc, int seq, long nowNanos) {
    if (from.equals(latched)) {
      latchedSsrc = ssrc; // a new stream from the same source (e.g. after a re-INVITE) stays accepted
      latchedHeardNanos = nowNanos;
      candidate = null; // the latched source is alive: nobody else's probation runs on
      return Verdict.ACCEPT;
    }
    if (state == State.OPEN || from.equals(expectedRtp)) {
      latch(from, ssrc, nowNanos);
      return Verdict.LATCH;
    }
    if (state == State.LATCHED
        && (ssrc == latchedSsrc || nowNanos - latchedHeardNanos < RELEARN_SILENCE_NANOS)) {
      return Verdict.STRANGER;
    }
    if (from.equals(candidate) && ssrc == candidateSsrc && seq == ((candidateSeq + 1) & 0xFFFF)) {
      candidateCount++;
    } else {
      candidate = from;
      candidateSsrc = ssrc;
      candidateCount = 1;
    }
    candidateSeq = seq;
    if (candidateCount >= policy.probationPackets()) {
      latch(from, ssrc, nowNanos);
      return Verdict.LATCH;
    }
    return Verdict.PROBATION;
  }

  private void latch(Peer from, int ssrc, long nowNanos) {
    if (state != State.OPEN) {
      state = State.LATCHED;
    }
    latched = from;
    latchedSsrc = ssrc;
    latchedHeardNanos = nowNanos;
    candidate = null;
  }

  /**
   * Whether an RTCP compound packet from {@code from} is the peer's: from the expected RTCP address; or, once RTP is
   * latched, from the latched RTP port + 1, or from the latched host with the latched SSRC as its SR/RR sender (a
   * NAT maps the RTCP port as it likes; a stranger elsewhere does not see the peer's SSRC). With rtcp-mux: from the
   * latched or the expected RTP address. Not strict: any. Refused RTCP must change nothing (not even a BYE).
   *
   * @param senderSsrc the SSRC of the compound's first SR or RR, when {@code hasSsrc}
   */
  boolean acceptsRtcp(Peer from, boolean hasSsrc, int senderSsrc) {
    if (state == State.OPEN || from.equals(expectedRtcp) || from.equals(latched)) {
      return true; // with rtcp-mux the latched RTP source sends its RTCP there too
    }
    if (rtcpMux || latched == null) {
      return false;
    }
    if (from.host().equals(latched.host())) {
      return from.port() == latched.port() + 1 || hasSsrc && senderSsrc == latchedSsrc;
    }
    return false;
  }

  /**
   * Where to send RTCP while none has been accepted from the peer: with rtcp-mux the latched (else expected) RTP
   * address; otherwise the expected RTCP address (a caller behind NAT gets our reports once its own arrive).
   */
  Peer rtcpTarget() {
    if (rtcpMux) {
      return latched != null ? latched : expectedRtp;
    }
    return expectedRtcp;
  }

  /**
   * Sets the expected address again (a re-INVITE moved the media). A new RTP address unlatches: the old source is
   * a stranger from now on unless it is the new address, and probation starts over. The same address changes
   * nothing (a refresh keeps the latched NAT source).
   *
   * @return whether the RTP address changed
   */
  boolean expect(Peer rtp, Peer rtcp) {
    expectedRtcp = rtcpMux ? rtp : rtcp;
    if (rtp.equals(expectedRtp)) {
      return false;
    }
    expectedRtp = rtp;
    latched = null;
    candidate = null;
    if (state != State.OPEN) {
      state = State.LEARNING;
    }
    return true;
  }

  State state() {
    return state;
  }

  /** The latched source, null before. */
  Peer latched() {
    return latched;
  }

  Peer expectedRtp() {
    return expectedRtp;
  }
}
