package io.switchboard.call;

import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.Silence;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpFormatException;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.session.RtpSession;
import io.switchboard.media.session.SessionParams;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.webrtc.WebRtcLeg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Joins one inbound call's SIP media ({@link RtpSession}, the caller) to the agent's browser leg ({@link WebRtcLeg}),
 * relaying every packet on arrival: no jitter buffer, no pacing (target: &lt; 2 ms added). While supervisors
 * monitor the call ({@link #monitor}, one or more, each its own leg and mode) all parties are mixed instead
 * ({@link CallMix}, MIXING): decoded, summed per listener as the {@link MonitorMode}s say, and sent on the caller's
 * 20 ms media clock; without one the two-party relay is untouched (nothing is decoded). A colleague the agent
 * consults ({@link #consult}) takes the supervisors' place in the same mix (alone: never with a supervisor), with
 * a {@link ConsultStage} instead of a mode (the caller hears music on hold during the consult, all three hearing
 * each other in a conference); {@link #endConsult} goes back to the relay.
 *
 * <pre>
 *            agentConnected                  leg CONNECTED (and not held)
 *   MUSIC ──────────────────► AWAITING_LEG ─────────────────────────────► RELAYING ◄──unmonitor──┐
 *     ▲  (music, announcements)   (silence) ◄──── leg closed / replaced ──── │ ▲   ──monitor──► MIXING
 *     │                                                                (the last; also consult/endConsult)
 *     │                            │  ▲                                    hold│ │resume        (hold: HELD,
 *     │                        hold│  │resume (no connected leg)             ▼ │               leg lost: AWAITING_LEG,
 *     │                            │  │                                      │ │              but in a conference)
 *     └──── backToMusic ───────────┴─ HELD (music on hold; nothing relayed) ◄──┘
 *           (transfer)                                       any ──close──► CLOSED
 * </pre>
 *
 * <p>Caller → agent ({@link #fromCaller}, on the caller session's media loop): PCMU as is, PCMA transcoded to PCMU,
 * the trunk's telephone-event mapped to the browser's PT (dropped if it offered none); re-stamped into the leg's
 * agent-facing stream ({@link RelayStream}: our SSRC, dense sequence, timestamps anchored per input stream) and sent
 * with {@link WebRtcLeg#sendRtp}. Agent → caller ({@link #fromAgent}, on the caller session's media loop, to which
 * the leg hands each packet): PCMU (transcoded to PCMA if the caller negotiated it) and the browser's
 * telephone-event (RFC 4733 from RTCDTMFSender, mapped to the trunk's PT, dropped if the trunk has none) go into
 * the caller-facing stream the pacer played music in, through
 * {@link RtpSession#relay}: same SSRC, next sequence number, timestamps continuing from the music
 * ({@link io.switchboard.media.session.StreamSwitch#relayAnchor}), marker on the first relayed packet. While
 * RELAYING the pacer sends nothing for the caller; when relaying stops it resumes, continuous.
 *
 * <p>Threading: the control methods (everything but the two relay paths) run on the call layer's context only. The
 * relay paths read one volatile {@link Relay} (non-null only while RELAYING) and hold a per-direction monitor just to
 * map the header; the send happens outside it. A packet racing a state change is relayed or dropped, never sent
 * twice, and the stream stays continuous either way.
 */
final class Bridge {
  enum State { MUSIC, AWAITING_LEG, RELAYING, MIXING, HELD, CLOSED }

  /** Frames each party's jitter buffer holds before playout in a mix (40 ms). */
  static final int MIX_DEPTH_FRAMES = 2;

  /** One relaying period of one leg: fresh rewriters (so each period re-anchors), the leg's agent-facing stream. */
  private static final class Relay {
    final WebRtcLeg leg;
    final RelayStream toAgent;
    final RtpRewriter callerIn = new RtpRewriter();
    final RtpRewriter agentIn = new RtpRewriter();

    Relay(WebRtcLeg leg, RelayStream toAgent) {
      this.leg = leg;
      this.toAgent = toAgent;
    }
  }

  private final RtpSession caller;
  private final Supplier<AudioSource> music;
  private final LongSupplier nanoClock;
  private final Random random;
  private State state = State.MUSIC;
  private boolean agent;
  private boolean held;
  private WebRtcLeg leg;
  private RelayStream legStream;
  private boolean legConnected;
  private volatile Relay relay;
  /** The third parties by leg, in the order they joined: supervisors, or the one colleague of a consult. */
  private final Map<WebRtcLeg, CallMix.Member> thirds = new LinkedHashMap<>();
  /** While the agent consults a colleague, the only third party: else null. */
  private ConsultStage consultStage;
  private volatile CallMix mix;

  /**
   * @param music what the caller hears while waiting or held (a new source each time)
   * @param nanoClock monotonic clock of the relay (the pacer's: {@code System::nanoTime})
   * @param random SSRC and initial sequence/timestamp of each leg's agent-facing stream
   */
  Bridge(RtpSession caller, Supplier<AudioSource> music, LongSupplier nanoClock, Random random) {
    this.caller = caller;
    this.music = music;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  State state() {
    return state;
  }

  /** The mix while MIXING, else null. */
  CallMix mix() {
    return mix;
  }

  /**
   * A supervisor's leg joins the mix in {@code mode}, or changes mode if it is in already (the others stay as they
   * are): the call is mixed from now on whenever it would be relayed. The leg stays its owner's to close.
   */
  void monitor(WebRtcLeg supervisorLeg, MonitorMode mode) {
    CallMix.Member was = thirds.get(supervisorLeg);
    RelayStream stream = was != null ? was.stream()
        : new RelayStream(random.nextInt(), random.nextInt(0x10000), random.nextInt() & 0xFFFFFFFFL);
    thirds.put(supervisorLeg, new CallMix.Member(supervisorLeg, stream, mode));
    update();
  }

  /**
   * That supervisor's leg left the mix (it is not closed here); the others stay, and with none left the call goes
   * back to the two-party relay. Nothing if the leg is not in the mix.
   */
  void unmonitor(WebRtcLeg supervisorLeg) {
    if (thirds.remove(supervisorLeg) != null) {
      update();
    }
  }


  /**
   * The agent consults a colleague on {@code colleagueLeg} (or moves to a conference with it): the call is mixed
   * as the stage says, the caller hearing music on hold during {@link ConsultStage#CONSULT} through the mix (so a
   * held call is taken off hold: the mix needs the caller's clock). The colleague's leg takes the place of a
   * supervisor's, so a call is never monitored and consulted at once (the caller of this method sees to that); the
   * leg stays its owner's to close.
   */
  void consult(WebRtcLeg colleagueLeg, ConsultStage stage) {
    consultStage = stage;
    held = false;
    monitor(colleagueLeg, MonitorMode.LISTEN); // the mode is not used while a stage is set
  }

  /** The consult or conference is over: back to the two-party relay (the colleague's leg is not closed here). */
  void endConsult() {
    consultStage = null;
    thirds.clear();
    update();
  }

  /**
   * Warm transfer: the colleague's leg (the consult's) becomes the agent leg, back to the two-party relay; the
   * previous agent leg is closed here. Nothing when no colleague is on the call.
   */
  void handOverToColleague() {
    WebRtcLeg next = thirds.isEmpty() ? null : thirds.keySet().iterator().next();
    if (consultStage == null || next == null) {
      return;
    }
    consultStage = null;
    thirds.clear();
    held = false;
    setLeg(next);
  }

  /** The consult's stage, or null when no colleague is on the call. */
  ConsultStage consultStage() {
    return consultStage;
  }

  /** The current leg (CONNECTING or CONNECTED), or null. */
  WebRtcLeg leg() {
    return leg;
  }

  // ------------------------------------------------------------------ control (call layer's context)

  /** A new browser leg replaces the current one (which is closed). Null: just close the current one. */
  void setLeg(WebRtcLeg next) {
    WebRtcLeg old = leg;
    leg = next;
    legConnected = next != null && next.state() == WebRtcLeg.State.CONNECTED;
    legStream = next == null ? null
        : new RelayStream(random.nextInt(), random.nextInt(0x10000), random.nextInt() & 0xFFFFFFFFL);
    update();
    if (old != null && old != next) {
      old.close();
    }
  }

  /** {@code l} finished ICE and DTLS. Ignored unless it is the current leg. */
  void legConnected(WebRtcLeg l) {
    if (l == leg && l != null) {
      legConnected = true;
      update();
    }
  }

  /** {@code l} closed (any reason); returns whether it was the current leg. */
  boolean legClosed(WebRtcLeg l) {
    if (l != leg || l == null) {
      return false;
    }
    leg = null;
    legStream = null;
    legConnected = false;
    update();
    return true;
  }

  /** The ACD connected the call to an agent: relay as soon as its leg is up. */
  void agentConnected() {
    agent = true;
    held = false;
    update();
  }

  /** Whether the state allowed it (an agent is connected). */
  boolean hold() {
    if (!agent || state == State.CLOSED) {
      return false;
    }
    held = true;
    update();
    return true;
  }

  boolean resume() {
    if (!agent || state == State.CLOSED) {
      return false;
    }
    held = false;
    update();
    return true;
  }

  /** The agent is gone but the call is not (blind transfer): the leg is closed, the caller hears music again. */
  void backToMusic() {
    agent = false;
    held = false;
    setLeg(null);
  }

  /** The call ended: stop relaying and close the leg. Idempotent; the session itself is closed by its owner. */
  void close() {
    state = State.CLOSED;
    relay = null;
    mix = null;
    WebRtcLeg l = leg;
    leg = null;
    legStream = null;
    if (l != null) {
      l.close();
    }
  }

  private void update() {
    if (state == State.CLOSED) {
      return;
    }
    State next = !agent ? State.MUSIC
        : held ? State.HELD
        : leg != null && legConnected ? (!thirds.isEmpty() ? State.MIXING : State.RELAYING)
        : consultStage == ConsultStage.CONFERENCE && !thirds.isEmpty() ? State.MIXING // the caller and the
        : State.AWAITING_LEG; // colleague talk on while the agent's lost leg comes back (CallConsults.agentLegLost)
    CallMix m = mix;
    if (next == State.MIXING && state == State.MIXING && m != null) {
      m.agent(leg, legStream);
      m.members(List.copyOf(thirds.values()));
      hearing(m);
      return;
    }
    Relay current = relay;
    if (next == state && (next != State.RELAYING || current != null && current.leg == leg)) {
      return;
    }
    State before = state;
    state = next;
    mix = null;
    switch (next) {
      case MIXING -> {
        relay = null;
        CallMix fresh = new CallMix(() -> caller.params().codec(), nanoClock, MIX_DEPTH_FRAMES);
        fresh.agent(leg, legStream);
        fresh.members(List.copyOf(thirds.values()));
        hearing(fresh);
        mix = fresh;
        caller.output().stopRelay();
        caller.output().switchTo(fresh); // the caller's pacer ticks the mix
      }
      case RELAYING -> {
        relay = new Relay(leg, legStream);
        caller.output().switchTo(Silence.forever()); // what the pacer plays if relaying stops without a switch
        caller.output().startRelay();
      }
      case AWAITING_LEG -> {
        relay = null;
        caller.output().switchTo(Silence.forever());
        caller.output().stopRelay();
      }
      case MUSIC, HELD -> {
        relay = null;
        if (before != State.MUSIC && before != State.HELD) {
          caller.output().switchTo(music.get());
        }
        caller.output().stopRelay();
      }
      default -> relay = null;
    }
  }

  /** Who hears whom in {@code m}: the consult's stage if any (music only when the stage changed), else the modes. */
  private void hearing(CallMix m) {
    if (consultStage == null) {
      m.monitoring();
    } else if (m.stage() != consultStage) {
      m.stage(consultStage, consultStage.callerHearsMusic() ? music.get() : null);
    }
  }

  // ------------------------------------------------------------------ relay paths (receive threads)

  /** A valid packet from the caller (audio or telephone-event); the caller session's media loop. */
  void fromCaller(RtpPacket p) {
    Relay r = relay;
    if (r == null) {
      CallMix m = mix;
      if (m != null && p.payloadType() == caller.params().payloadType()) {
        m.fromCaller(p);
      }
      return;
    }
    int pt;
    byte[] payload;
    if (p.payloadType() == caller.params().payloadType()) {
      pt = r.leg.audioPayloadType();
      payload = caller.params().codec() == AudioCodec.PCMA ? G711Transcode.alawToUlaw(p.payload()) : p.payload();
    } else if (p.payloadType() == caller.params().telephoneEventPt() && r.leg.telephoneEventPayloadType() >= 0) {
      pt = r.leg.telephoneEventPayloadType();
      payload = p.payload();
    } else {
      return;
    }
    long now = nanoClock.getAsLong();
    RtpPacket out;
    synchronized (r.callerIn) {
      long ts = r.callerIn.map(p.ssrc(), p.sequence(), p.timestamp(), () -> r.toAgent.anchor(now));
      if (ts == RtpRewriter.DROP) {
        return;
      }
      boolean marker = p.marker() || r.callerIn.startedStream() && pt == r.leg.audioPayloadType();
      out = r.toAgent.packet(marker, pt, ts, payload, now);
    }
    byte[] bytes = RtpCodec.serialize(out, WebRtcLeg.SRTP_TRAILER); // protected in place by the leg
    r.leg.sendOwnedRtp(bytes, bytes.length - WebRtcLeg.SRTP_TRAILER);
  }

  /**
   * A plain RTP packet from the browser on leg {@code from} (the agent's, or while MIXING a third party's); on the
   * thread the leg delivers on (the caller session's media loop in the node, see {@code AgentLegs}). Bytes valid
   * during the call.
   */
  void fromAgent(WebRtcLeg from, byte[] data, int off, int len) {
    Relay r = relay;
    CallMix m = r == null ? mix : null;
    if (r == null && m == null || r != null && r.leg != from) {
      return;
    }
    RtpPacket p;
    try {
      p = RtpCodec.parse(data, off, len);
    } catch (RtpFormatException e) {
      return;
    }
    if (m != null) {
      m.fromLeg(from, p);
      return;
    }
    int pt;
    byte[] payload;
    if (p.payloadType() == from.audioPayloadType()) {
      pt = caller.params().payloadType();
      payload = caller.params().codec() == AudioCodec.PCMA ? G711Transcode.ulawToAlaw(p.payload()) : p.payload();
    } else if (p.payloadType() == from.telephoneEventPayloadType() && caller.params().telephoneEventPt() >= 0) {
      pt = caller.params().telephoneEventPt();
      payload = p.payload();
    } else {
      return; // CN, RED, anything else the browser may send
    }
    long now = nanoClock.getAsLong();
    long ts;
    boolean marker;
    synchronized (r.agentIn) {
      ts = r.agentIn.map(p.ssrc(), p.sequence(), p.timestamp(), () -> caller.output().relayAnchor());
      if (ts == RtpRewriter.DROP) {
        return;
      }
      marker = p.marker() || r.agentIn.startedStream() && pt == caller.params().payloadType();
    }
    if (relay == r) { // not stopped meanwhile: the pacer owns the stream again otherwise (relay() would drop it)
      caller.relay(marker, pt, ts, payload, now);
    }
  }
}
