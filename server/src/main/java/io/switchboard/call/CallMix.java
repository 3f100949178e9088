package io.switchboard.call;

import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.JitterBuffer;
import io.switchboard.media.audio.Mixer;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.webrtc.WebRtcLeg;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The mix of a call with third parties (supervisors, or a colleague the agent consults: {@link ConsultStage}):
 * every party's G.711 decoded into its own {@link JitterBuffer}, and on each 20 ms tick of the caller's pacer one
 * frame per party taken out, summed per listener as the supervisors' {@link MonitorMode}s (or the
 * {@link ConsultStage}) say ({@link Mixer}, {@link MonitorMode#matrix(java.util.List)}), and encoded again: the
 * caller's frame is what the pacer sends the caller (this is its {@link AudioSource}), the agent's and each third
 * party's go out at once on their browser legs, PCMU, in each leg's own stream ({@link RelayStream}: the agent's is
 * the one the two-party relay used, so its SSRC and timestamps run on across the switch; a supervisor's keeps its
 * stream and buffer while others join and leave). A party with nothing buffered is silence for that tick;
 * nothing waits for it. During a consult the caller hears music on hold instead of its mixed frame, still on the
 * same tick. Telephone-events are not mixed (the caller's digits still reach the ACD from the session).
 *
 * <p>Threading: the inputs and the tick run on the caller session's media loop (its packets, the legs' packets
 * through their {@code rtpExecutor}, its pacer group); every method is synchronized anyway so a leg delivering on
 * another thread stays safe. The modes and the legs are set by the bridge on the call layer's context.
 */
final class CallMix implements AudioSource {
  private static final int MAX_PACKET_SAMPLES = 480; // 60 ms

  /** A third party as the bridge hands it over: its leg, its outgoing stream, its mode (unused under a stage). */
  record Member(WebRtcLeg leg, RelayStream stream, MonitorMode mode) {}

  /** One browser leg of the mix and its outgoing stream's clock. */
  private static final class Out {
    final WebRtcLeg leg;
    final RelayStream stream;
    long timestamp = -1;

    Out(WebRtcLeg leg, RelayStream stream) {
      this.leg = leg;
      this.stream = stream;
    }
  }

  /** A third party in the mix: its leg's output, its jitter buffer and frames, its mode. */
  private final class Third {
    final Out out;
    final JitterBuffer buffer = new JitterBuffer(depthFrames);
    final short[] frame = new short[FRAME_SAMPLES];
    final short[] mixed = new short[FRAME_SAMPLES];
    MonitorMode mode;

    Third(Member m) {
      out = new Out(m.leg(), m.stream());
      mode = m.mode();
    }
  }

  private final Supplier<AudioCodec> callerCodec;
  private final LongSupplier nanoClock;
  private final int depthFrames;
  private final JitterBuffer callerBuffer;
  private final JitterBuffer agentBuffer;
  private final short[][] frames = new short[2][FRAME_SAMPLES];
  private final short[][] mixed = new short[2][FRAME_SAMPLES];
  private final short[] decoded = new short[MAX_PACKET_SAMPLES];
  private final List<Third> thirds = new ArrayList<>();
  private boolean[][] hears;
  /** What the caller hears instead of its mixed frame (music on hold during a consult), or null: the mix. */
  private AudioSource callerMusic;
  private ConsultStage stage;
  private Out agent;
  private long ticks;

  /**
   * @param callerCodec the codec the caller's packets are in now (re-INVITEs may change it)
   * @param depthFrames each party's jitter buffer depth (frames buffered before playout)
   */
  CallMix(Supplier<AudioCodec> callerCodec, LongSupplier nanoClock, int depthFrames) {
    this.callerCodec = callerCodec;
    this.nanoClock = nanoClock;
    this.depthFrames = depthFrames;
    this.callerBuffer = new JitterBuffer(depthFrames);
    this.agentBuffer = new JitterBuffer(depthFrames);
    this.hears = MonitorMode.matrix(List.of());
  }

  /**
   * The third parties from now on, in order: a leg already in the mix keeps its stream and buffer (its mode is
   * updated), a new one is added, one no longer listed leaves. Who hears whom follows their modes unless a
   * consult stage is set.
   */
  synchronized void members(List<Member> members) {
    List<Third> next = new ArrayList<>(members.size());
    for (Member m : members) {
      Third t = find(m.leg());
      if (t == null) {
        t = new Third(m);
      }
      t.mode = m.mode();
      next.add(t);
    }
    thirds.clear();
    thirds.addAll(next);
    rules();
  }

  /** Who hears whom follows the members' modes again (no consult stage). */
  synchronized void monitoring() {
    stage = null;
    callerMusic = null;
    rules();
  }

  /** The consult stage last set, or null while the monitor modes rule. */
  synchronized ConsultStage stage() {
    return stage;
  }

  /**
   * Who hears whom while the agent consults a colleague, the only third party. During {@link ConsultStage#CONSULT}
   * the caller's frames come from {@code music} (a fresh music-on-hold source); the mix still ticks on the caller's
   * clock, so the two agents' legs keep their streams.
   */
  synchronized void stage(ConsultStage stage, AudioSource music) {
    this.stage = stage;
    callerMusic = stage.callerHearsMusic() ? music : null;
    rules();
  }

  private void rules() {
    if (stage != null) {
      hears = stage.matrix();
      return;
    }
    List<MonitorMode> modes = new ArrayList<>(thirds.size());
    for (Third t : thirds) {
      modes.add(t.mode);
    }
    hears = MonitorMode.matrix(modes);
  }

  private Third find(WebRtcLeg leg) {
    for (Third t : thirds) {
      if (t.out.leg == leg) {
        return t;
      }
    }
    return null;
  }

  /** The agent's current leg and its stream (null: none; its frames are dropped). */
  synchronized void agent(WebRtcLeg leg, RelayStream stream) {
    agent = leg == null ? null : agent != null && agent.leg == leg ? agent : new Out(leg, stream);
  }

  synchronized WebRtcLeg agentLeg() {
    return agent == null ? null : agent.leg;
  }

  /** The third parties' legs, in order. */
  synchronized List<WebRtcLeg> memberLegs() {
    List<WebRtcLeg> legs = new ArrayList<>(thirds.size());
    for (Third t : thirds) {
      legs.add(t.out.leg);
    }
    return legs;
  }

  /** Ticks run so far (for tests and logs). */
  synchronized long ticks() {
    return ticks;
  }

  // ------------------------------------------------------------------ inputs

  /** An audio packet from the caller, in the caller's codec. */
  synchronized void fromCaller(RtpPacket p) {
    push(callerBuffer, p, callerCodec.get());
  }

  /** An audio packet (PCMU) from the browser on {@code leg}: the agent's or a third party's, else ignored. */
  synchronized void fromLeg(WebRtcLeg leg, RtpPacket p) {
    if (p.payloadType() != leg.audioPayloadType()) {
      return; // telephone-event, CN, anything else
    }
    if (agent != null && agent.leg == leg) {
      push(agentBuffer, p, AudioCodec.PCMU);
      return;
    }
    Third t = find(leg);
    if (t != null) {
      push(t.buffer, p, AudioCodec.PCMU);
    }
  }

  private void push(JitterBuffer buffer, RtpPacket p, AudioCodec codec) {
    byte[] payload = p.payload();
    int len = Math.min(payload.length, MAX_PACKET_SAMPLES);
    if (codec == AudioCodec.PCMA) {
      G711.decodeAlaw(payload, 0, len, decoded);
    } else {
      G711.decodeUlaw(payload, 0, len, decoded);
    }
    buffer.push(p.sequence(), decoded, len);
  }

  // ------------------------------------------------------------------ the tick

  /** The caller's pacer asks for its next frame: one tick of the whole mix. */
  @Override
  public synchronized boolean nextFrame(short[] frame) {
    ticks++;
    int n = 2 + thirds.size();
    short[][] in = new short[n][];
    short[][] out = new short[n][];
    in[0] = callerBuffer.pull(frames[0]) ? frames[0] : null;
    in[1] = agentBuffer.pull(frames[1]) ? frames[1] : null;
    out[0] = mixed[0];
    out[1] = mixed[1];
    for (int i = 0; i < thirds.size(); i++) {
      Third t = thirds.get(i);
      in[2 + i] = t.buffer.pull(t.frame) ? t.frame : null;
      out[2 + i] = t.mixed;
    }
    Mixer.mix(in, hears, out);
    long now = nanoClock.getAsLong();
    send(agent, out[1], now);
    for (int i = 0; i < thirds.size(); i++) {
      send(thirds.get(i).out, out[2 + i], now);
    }
    if (callerMusic == null || !callerMusic.nextFrame(frame)) {
      System.arraycopy(out[0], 0, frame, 0, FRAME_SAMPLES);
    }
    return true;
  }
  private static void send(Out o, short[] pcm, long now) {
    if (o == null || o.leg.state() != WebRtcLeg.State.CONNECTED) {
      return;
    }
    byte[] payload = new byte[FRAME_SAMPLES];
    G711.encodeUlaw(pcm, payload);
    RtpPacket p;
    synchronized (o.stream) {
      boolean first = o.timestamp < 0;
      o.timestamp = first ? o.stream.anchor(now) : (o.timestamp + FRAME_SAMPLES) & 0xFFFFFFFFL;
      p = o.stream.packet(first, o.leg.audioPayloadType(), o.timestamp, payload, now);
    }
    byte[] bytes = RtpCodec.serialize(p, WebRtcLeg.SRTP_TRAILER); // protected in place by the leg
    o.leg.sendOwnedRtp(bytes, bytes.length - WebRtcLeg.SRTP_TRAILER);
  }
}
