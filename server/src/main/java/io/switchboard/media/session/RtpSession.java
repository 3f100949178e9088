package io.switchboard.media.session;

import io.switchboard.media.dtmf.DtmfReceiver;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtcp.NtpTime;
import io.switchboard.media.rtcp.RtcpCodec;
import io.switchboard.media.rtcp.RtcpPacket;
import io.switchboard.media.rtcp.RtcpPacket.Bye;
import io.switchboard.media.rtcp.RtcpPacket.ReceiverReport;
import io.switchboard.media.rtcp.RtcpPacket.ReportBlock;
import io.switchboard.media.rtcp.RtcpPacket.SenderReport;
import io.switchboard.media.rtcp.RtcpPacket.SourceDescription;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpFormatException;
import io.switchboard.media.rtp.RtpPacket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The RTP/RTCP logic of one call leg on the SIP side: receives, validates and latches; sends one paced stream (via
 * {@link StreamSwitch}) and RTCP reports. Owns no socket: packets go out through a {@link MediaTransport} and come in
 * through {@link #onRtp}/{@link #onRtcp}.
 *
 * <p><b>Symmetric RTP (RFC 4961) and strict RTP.</b> Until a source is latched we send to the SDP address. A packet
 * is valid if it parses (RFC 3550 A.1 checks) and carries a negotiated payload type; an {@link RtpSourceFilter}
 * then decides whether its source may deliver media: the SDP address (set again by {@link #expectRemote}) at once,
 * another source (NAT) after a probation of in-sequence packets, nobody else once latched. We send RTP to the
 * latched source and RTCP to where the peer's accepted RTCP came from (until then the SDP RTCP address, a=rtcp or
 * port + 1; with rtcp-mux the RTP target). Dropped packets are counted by reason: {@code probation},
 * {@code stranger}, {@code rtcp-stranger}. This blocks blind injection and hijacking ("RTP bleed").
 *
 * <p><b>Threading.</b> Receive side ({@code onRtp}, {@code onRtcp}) is synchronised and runs on the socket's media
 * loop; {@link #tick} runs on the executor the pacer was given (the same loop) and only reads the volatile
 * targets; {@link #close} from any thread.
 * {@link #relay} runs on whatever thread receives the bridged leg's media; it shares only the outgoing stream's
 * header state with {@link #tick}, guarded by the {@link StreamSwitch}'s lock (no I/O under it).
 */
public final class RtpSession implements Paced {
  /** Per sending thread (media loops, pacer): where outgoing packets are serialised. */
  private static final ThreadLocal<byte[]> OUTGOING = ThreadLocal.withInitial(() -> new byte[1500]);
  /** An open DTMF event with no packet for this long is reported without its end packets. */
  static final long DTMF_IDLE_NANOS = 500_000_000L;

  /** Replaced only by {@link #update} (a re-INVITE or UPDATE); read by every thread. */
  private volatile SessionParams params;
  private final MediaTransport transport;
  private final SessionListener listener;
  private final MediaCounters counters;
  private final Clock wallClock;
  private final Random random;
  private final StreamSwitch streamSwitch;
  private final DtmfReceiver dtmf;
  private ReceptionStats stats = new ReceptionStats();
  private volatile Peer rtpTarget;
  private volatile Peer rtcpTarget;
  private final RtpSourceFilter sources;
  private volatile boolean latched;
  private boolean rtcpLatched;
  private int remoteSsrc;
  private long nextRtcpNanos = Long.MIN_VALUE;
  private volatile boolean closed;
  /** A recorder's copy of the audio both ways (null: none). */
  private volatile AudioTap tap;
  /** When the last valid RTP or RTCP packet arrived (the receive clock), Long.MIN_VALUE before any. */
  private volatile long lastReceivedNanos = Long.MIN_VALUE;

  /**
   * @param wallClock for NTP timestamps in sender reports only (pacing uses the pacer's monotonic clock)
   * @param random source of SSRC, initial sequence and timestamp, and RTCP interval dithering
   */
  public RtpSession(SessionParams params, MediaTransport transport, SessionListener listener, MediaCounters counters,
      Clock wallClock, Random random) {
    this.params = params;
    this.transport = transport;
    this.listener = listener;
    this.counters = counters;
    this.wallClock = wallClock;
    this.random = random;
    this.sources = new RtpSourceFilter(params.sources(), params.sdpRtp(), params.sdpRtcp(), params.rtcpMux());
    this.rtpTarget = params.sdpRtp();
    this.rtcpTarget = sources.rtcpTarget();
    OutgoingStream out = new OutgoingStream(random.nextInt(), random.nextInt(0x10000), random.nextInt() & 0xFFFFFFFFL);
    this.streamSwitch = new StreamSwitch(out, params.codec(), params.payloadType(), params.telephoneEventPt());
    this.dtmf = new DtmfReceiver(listener::onDtmf);
    streamSwitch.hold(!params.direction().sends());
  }

  /** The outgoing stream: switch sources (music, prompts, agent audio) and send DTMF here. */
  public StreamSwitch output() {
    return streamSwitch;
  }

  public int localSsrc() {
    return streamSwitch.stream().ssrc();
  }

  /** Where RTP goes now (the SDP address until latched). */
  public Peer rtpTarget() {
    return rtpTarget;
  }

  public Peer rtcpTarget() {
    return rtcpTarget;
  }

  public boolean latched() {
    return latched;
  }

  /**
   * When the last valid packet from the peer arrived: RTP accepted by the checks of {@link #onRtp} or RTCP that
   * parsed, on the {@code nowNanos} clock the socket passes in ({@code System.nanoTime()}); {@link Long#MIN_VALUE}
   * before the first. Any thread. The call layer's inactivity timeout reads it.
   */
  public long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  /**
   * An RTP datagram from {@code from}; {@code nowNanos} on the pacer's clock. Never throws on bad input. A valid
   * packet is then handed to {@link SessionListener#onRtpPacket} outside the session's lock (the bridge relays it
   * from there without holding this session).
   */
  public void onRtp(byte[] data, int off, int len, Peer from, long nowNanos) {
    RtpPacket p = receive(data, off, len, from, nowNanos);
    if (p != null) {
      AudioTap t = tap;
      SessionParams now = params;
      if (t != null && p.payloadType() == now.payloadType()) {
        t.received(now.codec(), p.payload(), p.ssrc(), p.timestamp(), System.nanoTime());
      }
      listener.onRtpPacket(p);
    }
  }

  /**
   * Copies this session's audio both ways to {@code next} from now on (null: stops copying); see {@link AudioTap}.
   * Any thread.
   */
  public void tap(AudioTap next) {
    tap = next;
  }

  /** Validates, latches, counts and feeds DTMF; the packet if it was valid, else null. */
  private synchronized RtpPacket receive(byte[] data, int off, int len, Peer from, long nowNanos) {
    if (closed) {
      return null;
    }
    RtpPacket p;
    try {
      p = RtpCodec.parse(data, off, len);
    } catch (RtpFormatException e) {
      counters.rejected(e.reason());
      return null;
    }
    int pt = p.payloadType();
    if (pt != params.payloadType() && pt != params.telephoneEventPt()) {
      counters.rejected("unexpected-pt");
      return null;
    }
    if (!acceptSource(p.ssrc(), p.sequence(), from, nowNanos)) {
      return null;
    }
    counters.rtpIn();
    lastReceivedNanos = nowNanos;
    stats.onPacket(p.sequence(), p.timestamp(), nowNanos * 8 / 1_000_000);
    if (pt == params.telephoneEventPt()) {
      try {
        dtmf.onPacket(p.timestamp(), TelephoneEvent.parse(p.payload()), nowNanos);
      } catch (RtpFormatException e) {
        counters.rejected(e.reason());
        return null;
      }
    }
    return p;
  }

  /** The negotiated audio codec toward the caller (what a relayed packet's payload must be in). */
  public SessionParams params() {
    return params;
  }

  /**
   * Sends one relayed packet (the bridge's agent audio or telephone-event) at once, in this session's outgoing
   * stream: our SSRC, the stream's next sequence number, {@code timestamp} already mapped by the caller. Sent only
   * while the output is in relay mode ({@link StreamSwitch#startRelay}); otherwise dropped (the pacer owns the
   * stream). Any thread; the stream's header state is taken under its lock, the send happens outside it.
   *
   * @return whether the packet was sent
   */
  public boolean relay(boolean marker, int pt, long timestamp, byte[] payload, long nowNanos) {
    if (closed || !params.direction().sends()) {
      return false;
    }
    RtpPacket p = streamSwitch.relay(marker, pt, timestamp, payload, nowNanos);
    if (p == null) {
      return false;
    }
    send(p);
    counters.rtpOut();
    return true;
  }

  /**
   * One outgoing packet, serialised into the sending thread's buffer (the transport copies it out before it
   * returns): no array per packet, on the pacer's and the relay's path alike.
   */
  private void send(RtpPacket p) {
    AudioTap t = tap;
    SessionParams now = params;
    if (t != null && p.payloadType() == now.payloadType()) {
      t.sent(now.codec(), p.payload(), p.ssrc(), p.timestamp(), System.nanoTime());
    }
    byte[] out = OUTGOING.get();
    if (p.size() > out.length) {
      transport.sendRtp(RtpCodec.serialize(p), rtpTarget);
    } else {
      transport.sendRtp(out, RtpCodec.serializeInto(p, out), rtpTarget);
    }
  }

  private boolean acceptSource(int ssrc, int seq, Peer from, long nowNanos) {
    RtpSourceFilter.Verdict v = sources.onRtp(from, ssrc, seq, nowNanos);
    switch (v) {
      case PROBATION -> counters.rejected("probation");
      case STRANGER -> counters.rejected("stranger");
      case LATCH -> latch(from);
      case ACCEPT -> { }
    }
    if (v.accepted() && ssrc != remoteSsrc) { // a new stream (re-INVITE, another source): new statistics
      remoteSsrc = ssrc;
      stats = new ReceptionStats();
    }
    return v.accepted();
  }

  private void latch(Peer from) {
    rtpTarget = from;
    latched = true;
    if (params.rtcpMux() || !rtcpLatched) {
      rtcpTarget = sources.rtcpTarget();
    }
    listener.onLatched(from);
  }

  /**
   * The remote SDP named a new media address (a re-INVITE): RTP is expected from there and sent there, RTCP to
   * {@code rtcp} (ignored with rtcp-mux). A different RTP address unlatches, so the old source is a stranger from
   * now on and a source behind NAT goes through probation again; the same address changes nothing. Any thread.
   */
  public synchronized void expectRemote(Peer rtp, Peer rtcp) {
    if (sources.expect(rtp, rtcp)) {
      latched = false;
      rtcpLatched = false;
      rtpTarget = rtp;
      rtcpTarget = sources.rtcpTarget();
    }
  }

  /** An RTCP datagram (on the RTCP port, or demultiplexed from the RTP port with rtcp-mux). */
  public synchronized void onRtcp(byte[] data, int off, int len, Peer from, long nowNanos) {
    if (closed) {
      return;
    }
    List<RtcpPacket> packets;
    try {
      packets = RtcpCodec.parse(data, off, len);
    } catch (RtpFormatException e) {
      counters.rejected("rtcp-" + e.reason());
      return;
    }
    Integer sender = senderSsrc(packets);
    if (!sources.acceptsRtcp(from, sender != null, sender == null ? 0 : sender)) {
      counters.rejected("rtcp-stranger");
      return;
    }
    counters.rtcpIn();
    lastReceivedNanos = nowNanos;
    if (!params.rtcpMux() && !from.equals(rtcpTarget)) {
      rtcpTarget = from; // symmetric RTCP: answer where the peer's reports come from
    }
    rtcpLatched = !params.rtcpMux();
    for (RtcpPacket p : packets) {
      if (p instanceof SenderReport sr && latched && sr.ssrc() == remoteSsrc) {
        stats.onSenderReport(NtpTime.middle32(sr.ntpTimestamp()), nowNanos);
      } else if (p instanceof Bye bye && (!latched || bye.ssrcs().contains(remoteSsrc))) {
        listener.onRtcpBye(bye.reason());
      }
    }
  }

  /** The sender SSRC of the compound's first SR or RR (RFC 3550 6.1: a compound starts with one), else null. */
  private static Integer senderSsrc(List<RtcpPacket> packets) {
    for (RtcpPacket p : packets) {
      if (p instanceof SenderReport sr) {
        return sr.ssrc();
      }
      if (p instanceof ReceiverReport rr) {
        return rr.ssrc();
      }
    }
    return null;
  }

  /** 20 ms tick: the stream's next packet, and an RTCP report when due. */
  @Override
  public void tick(long nowNanos) {
    if (closed) {
      return;
    }
    RtpPacket p = streamSwitch.tick(nowNanos);
    if (p != null) { // null while relaying (the bridge sends this stream's packets) or held (we must not send)
      send(p);
      counters.rtpOut();
    }
    synchronized (this) {
      dtmf.expire(nowNanos, DTMF_IDLE_NANOS);
    }
    if (nextRtcpNanos == Long.MIN_VALUE) {
      nextRtcpNanos = nowNanos + nextInterval() / 2; // RFC 3550 6.2: the first report after half an interval
    } else if (nowNanos - nextRtcpNanos >= 0) {
      transport.sendRtcp(RtcpCodec.serialize(report(nowNanos, false)), rtcpTarget);
      counters.rtcpOut();
      nextRtcpNanos = nowNanos + nextInterval();
    }
  }

  /** Randomised in [0.5, 1.5] × interval (RFC 3550 6.3.1) so sessions started together do not report together. */
  private long nextInterval() {
    return (long) (params.rtcpInterval().toNanos() * (0.5 + random.nextDouble()));
  }

  /** Compound RTCP: SR (or RR if nothing sent yet) + SDES CNAME (RFC 3550 6.1) [+ BYE]. */
  List<RtcpPacket> report(long nowNanos, boolean bye) {
    OutgoingStream out = streamSwitch.stream();
    List<ReportBlock> blocks = new ArrayList<>(1);
    synchronized (this) {
      if (latched && stats.started()) {
        blocks.add(stats.reportBlock(remoteSsrc, nowNanos));
      }
    }
    List<RtcpPacket> packets = new ArrayList<>(3);
    synchronized (streamSwitch) { // relayed sends update the stream's counters from another thread
      if (out.packets() > 0) {
        long ntp = NtpTime.fromUnixMillis(wallClock.millis());
        packets.add(new SenderReport(out.ssrc(), ntp, out.timestampAt(nowNanos), out.packets() & 0xFFFFFFFFL,
            out.octets() & 0xFFFFFFFFL, blocks));
      } else {
        packets.add(new ReceiverReport(out.ssrc(), blocks));
      }
    }
    packets.add(new SourceDescription(List.of(new SourceDescription.Chunk(out.ssrc(), params.cname()))));
    if (bye) {
      packets.add(new Bye(List.of(out.ssrc()), "call ended"));
    }
    return packets;
  }

  /** Stops sending and sends RTCP BYE (RFC 3550 6.6). Idempotent. */
  public void close(long nowNanos) {
    if (closed) {
      return;
    }
    closed = true;
    transport.sendRtcp(RtcpCodec.serialize(report(nowNanos, true)), rtcpTarget);
    counters.rtcpOut();
  }

  public boolean closed() {
    return closed;
  }

  // ------------------------------------------------------------------ re-negotiation (re-INVITE / UPDATE)

  /**
   * Applies a new offer/answer within the dialog (the port pair stays): codec and payload types; the direction (one
   * that does not send is hold: {@link StreamSwitch#hold}); and the remote address: when the SDP names another one,
   * RTP and RTCP go there and the session latches again as at the start. A hold by {@code c=0.0.0.0} (RFC 3264 8.4)
   * keeps the current target (nothing is sent to it while held; RTCP still goes there). Any thread.
   */
  public void update(SessionParams next) {
    synchronized (this) {
      SessionParams old = params;
      boolean holdAddress = next.sdpRtp().host().equals("0.0.0.0") || next.sdpRtp().host().equals("::");
      params = holdAddress ? withRemote(next, old) : next;
      if (!holdAddress) {
        expectRemote(next.sdpRtp(), next.rtcpMux() ? next.sdpRtp() : next.sdpRtcp()); // no-op when unchanged
      }
    }
    streamSwitch.renegotiate(next.codec(), next.payloadType(), next.telephoneEventPt());
    streamSwitch.hold(!next.direction().sends());
  }

  private static SessionParams withRemote(SessionParams next, SessionParams old) {
    return new SessionParams(next.codec(), next.payloadType(), next.telephoneEventPt(), old.sdpRtp(), old.sdpRtcp(),
        old.rtcpMux(), next.direction(), next.sources(), next.rtcpInterval(), next.cname());
  }
}
