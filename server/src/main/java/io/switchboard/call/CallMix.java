package io.switchboard.call;

import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.JitterBuffer;
import io.switchboard.media.audio.Mixer;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.MonitorMode.Party;
import io.switchboard.webrtc.WebRtcLeg;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The mix of a call with a third party (a supervisor, or a colleague the agent consults: {@link ConsultStage}):
 * every party's G.711 decoded into its own {@link JitterBuffer}, and on each 20 ms tick of the caller's pacer one
 * frame per party taken out, summed per listener as the {@link MonitorMode} (or the {@link ConsultStage}) says
 * ({@link Mixer}), and encoded again: the caller's frame is what the pacer sends the caller (this is its
 * {@link AudioSource}), the agent's and the supervisor's go out at once on their browser legs, PCMU, in each leg's
 * own stream ({@link RelayStream}: the agent's is the one the two-party relay used, so its SSRC and timestamps run
 * on across the switch). A party with nothing buffered is silence for that tick;
 * nothing waits for it. During a consult the caller hears music on hold instead of its mixed frame, still on the
 * same tick. Telephone-events are not mixed (the caller's digits still reach the ACD from the session).
 *
 * <p>Threading: the inputs and the tick run on the caller session's media loop (its packets, the legs' packets
 * through their {@code rtpExecutor}, its pacer group); every method is synchronized anyway so a leg delivering on
 * another thread stays safe. The mode and the legs are set by the bridge on the call layer's context.
 */
final class CallMix implements AudioSource {
  private static final int N = Party.values().length;
  private static final int MAX_PACKET_SAMPLES = 480; // 60 ms

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

  private final Supplier<AudioCodec> callerCodec;
  private final LongSupplier nanoClock;
  private final JitterBuffer[] buffers = new JitterBuffer[N];
  private final short[][] in = new short[N][];
  private final short[][] frames = new short[N][FRAME_SAMPLES];
  private final short[][] out = new short[N][FRAME_SAMPLES];
  private final short[] decoded = new short[MAX_PACKET_SAMPLES];
  private boolean[][] hears;
  /** What the caller hears instead of its mixed frame (music on hold during a consult), or null: the mix. */
  private AudioSource callerMusic;
  private ConsultStage stage;
  private Out agent;
  private Out supervisor;
  private long ticks;

  /**
   * @param callerCodec the codec the caller's packets are in now (re-INVITEs may change it)
   * @param depthFrames each party's jitter buffer depth (frames buffered before playout)
   */
  CallMix(Supplier<AudioCodec> callerCodec, LongSupplier nanoClock, int depthFrames, MonitorMode mode) {
    this.callerCodec = callerCodec;
    this.nanoClock = nanoClock;
    for (int i = 0; i < N; i++) {
      buffers[i] = new JitterBuffer(depthFrames);
    }
    this.hears = mode.matrix();
  }

  synchronized void mode(MonitorMode mode) {
    hears = mode.matrix();
    callerMusic = null;
    stage = null;
  }

  /** The consult stage last set, or null while a monitor mode rules. */
  synchronized ConsultStage stage() {
    return stage;
  }

  /**
   * Who hears whom while the agent consults a colleague, who takes the third party's place ({@link #supervisor}).
   * During {@link ConsultStage#CONSULT} the caller's frames come from {@code music} (a fresh music-on-hold source);
   * the mix still ticks on the caller's clock, so the two agents' legs keep their streams.
   */
  synchronized void stage(ConsultStage stage, AudioSource music) {
    this.stage = stage;
    hears = stage.matrix();
    callerMusic = stage.callerHearsMusic() ? music : null;
  }

  /** The agent's current leg and its stream (null: none; its frames are dropped). */
  synchronized void agent(WebRtcLeg leg, RelayStream stream) {
    agent = leg == null ? null : agent != null && agent.leg == leg ? agent : new Out(leg, stream);
  }

  /** The supervisor's leg and its stream (null: none). */
  synchronized void supervisor(WebRtcLeg leg, RelayStream stream) {
    supervisor = leg == null ? null : supervisor != null && supervisor.leg == leg ? supervisor : new Out(leg, stream);
  }

  synchronized WebRtcLeg agentLeg() {
    return agent == null ? null : agent.leg;
  }

  synchronized WebRtcLeg supervisorLeg() {
    return supervisor == null ? null : supervisor.leg;
  }

  /** Ticks run so far (for tests and logs). */
  synchronized long ticks() {
    return ticks;
  }

  // ------------------------------------------------------------------ inputs

  /** An audio packet from the caller, in the caller's codec. */
  synchronized void fromCaller(RtpPacket p) {
    push(Party.CALLER, p, callerCodec.get());
  }

  /** An audio packet (PCMU) from the browser on {@code leg}: the agent's or the supervisor's, else ignored. */
  synchronized void fromLeg(WebRtcLeg leg, RtpPacket p) {
    if (p.payloadType() != leg.audioPayloadType()) {
      return; // telephone-event, CN, anything else
    }
    if (agent != null && agent.leg == leg) {
      push(Party.AGENT, p, AudioCodec.PCMU);
    } else if (supervisor != null && supervisor.leg == leg) {
      push(Party.SUPERVISOR, p, AudioCodec.PCMU);
    }
  }

  private void push(Party party, RtpPacket p, AudioCodec codec) {
    byte[] payload = p.payload();
    int len = Math.min(payload.length, MAX_PACKET_SAMPLES);
    if (codec == AudioCodec.PCMA) {
      G711.decodeAlaw(payload, 0, len, decoded);
    } else {
      G711.decodeUlaw(payload, 0, len, decoded);
    }
    buffers[party.ordinal()].push(p.sequence(), decoded, len);
  }

  // ------------------------------------------------------------------ the tick

  /** The caller's pacer asks for its next frame: one tick of the whole mix. */
  @Override
  public synchronized boolean nextFrame(short[] frame) {
    ticks++;
    for (int i = 0; i < N; i++) {
      in[i] = buffers[i].pull(frames[i]) ? frames[i] : null;
    }
    Mixer.mix(in, hears, out);
    long now = nanoClock.getAsLong();
    send(agent, out[Party.AGENT.ordinal()], now);
    send(supervisor, out[Party.SUPERVISOR.ordinal()], now);
    if (callerMusic == null || !callerMusic.nextFrame(frame)) {
      System.arraycopy(out[Party.CALLER.ordinal()], 0, frame, 0, FRAME_SAMPLES);
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
