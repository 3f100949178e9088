package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.webrtc.WebRtcLeg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mix of a monitored call, frames in → frames out per listener, G.711 both ways: the caller (440 Hz, its packets
 * as from the SIP session, in PCMU or PCMA), the agent (1000 Hz) and the supervisor (700 Hz) on in-memory browser
 * legs, and a second supervisor (1300 Hz) where two are on the call; each tick is what the caller's pacer would ask.
 * Every listener's output holds exactly the tones the modes let it hear.
 */
class CallMixTest {
  static final double CALLER = 440;
  static final double AGENT = 1000;
  static final double SUPERVISOR = 700;
  /** A second supervisor on the same call. */
  static final double SECOND = 1300;
  /** Music on hold during a consult (the colleague takes the supervisor's place and tone). */
  static final double MUSIC = 1800;
  private static final int N = AudioSource.FRAME_SAMPLES;

  /** One mixed call driven tick by tick. */
  private static final class Rig {
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final AudioCodec callerCodec;
    final CallMix mix;
    final FakeLeg agentLeg = new FakeLeg(NOOP, -1);
    final FakeLeg supervisorLeg = new FakeLeg(NOOP, -1);
    final FakeLeg secondLeg = new FakeLeg(NOOP, -1);
    final RelayStream supervisorStream = new RelayStream(22, 200, 9000);
    final RelayStream secondStream = new RelayStream(33, 300, 7000);
    final ToneGenerator callerTone = ToneGenerator.sine(CALLER, 8000);
    final ToneGenerator agentTone = ToneGenerator.sine(AGENT, 8000);
    final ToneGenerator supervisorTone = ToneGenerator.sine(SUPERVISOR, 8000);
    final ToneGenerator secondTone = ToneGenerator.sine(SECOND, 8000);
    final List<Short> callerHeard = new ArrayList<>();
    int seq;

    Rig(AudioCodec callerCodec, MonitorMode mode) {
      this.callerCodec = callerCodec;
      mix = new CallMix(() -> callerCodec, clock::get, 2);
      agentLeg.connect();
      supervisorLeg.connect();
      secondLeg.connect();
      mix.agent(agentLeg, new RelayStream(11, 100, 5000));
      mode(mode);
    }

    /** The one supervisor on the call, in {@code mode} (as the bridge hands a mode change over). */
    void mode(MonitorMode mode) {
      mix.members(List.of(new CallMix.Member(supervisorLeg, supervisorStream, mode)));
    }

    /** Two supervisors on the call: the first in {@code first}, the second in {@code second}. */
    void modes(MonitorMode first, MonitorMode second) {
      mix.members(List.of(new CallMix.Member(supervisorLeg, supervisorStream, first),
          new CallMix.Member(secondLeg, secondStream, second)));
    }

    /** One 20 ms: every party sends a packet (those in {@code silent} do not), then the pacer ticks. */
    void tick(Set<String> silent) {
      seq++;
      if (!silent.contains("caller")) {
        mix.fromCaller(packet(callerTone, callerCodec));
      }
      if (!silent.contains("agent")) {
        mix.fromLeg(agentLeg, packet(agentTone, AudioCodec.PCMU));
      }
      if (!silent.contains("supervisor")) {
        mix.fromLeg(supervisorLeg, packet(supervisorTone, AudioCodec.PCMU));
      }
      if (!silent.contains("second")) {
        mix.fromLeg(secondLeg, packet(secondTone, AudioCodec.PCMU)); // ignored while it is not on the call
      }
      short[] frame = new short[N];
      assertThat(mix.nextFrame(frame)).isTrue();
      for (short s : frame) {
        callerHeard.add(s);
      }
      clock.addAndGet(20_000_000L);
    }

    void ticks(int n) {
      for (int i = 0; i < n; i++) {
        tick(Set.of());
      }
    }

    private RtpPacket packet(ToneGenerator tone, AudioCodec codec) {
      short[] pcm = new short[N];
      tone.nextFrame(pcm);
      byte[] payload = new byte[N];
      if (codec == AudioCodec.PCMA) {
        G711.encodeAlaw(pcm, payload);
      } else {
        G711.encodeUlaw(pcm, payload);
      }
      return RtpPacket.of(false, codec == AudioCodec.PCMA ? 8 : 0, seq, seq * (long) N, 1234, payload);
    }
  }

  private static final WebRtcLeg.Listener NOOP = new WebRtcLeg.Listener() {
    @Override
    public void onRtp(byte[] data, int off, int len) {}

    @Override
    public void onConnected() {}

    @Override
    public void onClosed(String reason) {}
  };

  /** The last {@code frames} frames a leg was sent, decoded. */
  private static short[] lastSent(FakeLeg leg, int frames) {
    List<RtpPacket> sent = leg.sent;
    short[] out = new short[frames * N];
    for (int i = 0; i < frames; i++) {
      byte[] p = sent.get(sent.size() - frames + i).payload();
      short[] pcm = new short[N];
      G711.decodeUlaw(p, 0, N, pcm);
      System.arraycopy(pcm, 0, out, i * N, N);
    }
    return out;
  }

  private static short[] lastHeard(List<Short> heard, int frames) {
    short[] out = new short[frames * N];
    for (int i = 0; i < out.length; i++) {
      out[i] = heard.get(heard.size() - out.length + i);
    }
    return out;
  }

  /** Each of the three tones present (at least 15 % of the energy) or absent (under 1 %); nothing else asserted. */
  private static void assertTones(String who, short[] samples, Set<Double> expected) {
    for (double hz : List.of(CALLER, AGENT, SUPERVISOR, SECOND, MUSIC)) {
      double share = Goertzel.relativePower(samples, 0, samples.length, hz, 8000);
      if (expected.contains(hz)) {
        assertThat(share).as("%s hears %s Hz", who, hz).isGreaterThan(0.15);
      } else {
        assertThat(share).as("%s must not hear %s Hz", who, hz).isLessThan(0.01);
      }
    }
  }

  private static void assertMode(Rig rig, MonitorMode mode) {
    Set<Double> caller = mode == MonitorMode.BARGE ? Set.of(AGENT, SUPERVISOR) : Set.of(AGENT);
    Set<Double> agent = mode == MonitorMode.LISTEN ? Set.of(CALLER) : Set.of(CALLER, SUPERVISOR);
    assertTones(mode + ": caller", lastHeard(rig.callerHeard, 10), caller);
    assertTones(mode + ": agent", lastSent(rig.agentLeg, 10), agent);
    assertTones(mode + ": supervisor", lastSent(rig.supervisorLeg, 10), Set.of(CALLER, AGENT));
  }

  @ParameterizedTest
  @EnumSource(MonitorMode.class)
  void eachListenerHearsExactlyWhomTheModeAllows(MonitorMode mode) {
    Rig rig = new Rig(AudioCodec.PCMU, mode);
    rig.ticks(25);
    assertMode(rig, mode);
    assertThat(rig.agentLeg.sent).as("one packet per tick to each leg once playout started").hasSizeBetween(23, 25);
  }

  @Test
  void anALawCallerIsDecodedAsALawAndTheModeChangesMidCall() {
    Rig rig = new Rig(AudioCodec.PCMA, MonitorMode.LISTEN);
    rig.ticks(20);
    assertMode(rig, MonitorMode.LISTEN);
    rig.mode(MonitorMode.WHISPER);
    rig.ticks(15);
    assertMode(rig, MonitorMode.WHISPER);
    rig.mode(MonitorMode.BARGE);
    rig.ticks(15);
    assertMode(rig, MonitorMode.BARGE);
  }

  @Test
  void aPartyThatSendsNothingIsSilenceAndTheOthersGoOn() {
    Rig rig = new Rig(AudioCodec.PCMU, MonitorMode.BARGE);
    rig.ticks(10);
    int sentBefore = rig.supervisorLeg.sent.size();
    for (int i = 0; i < 15; i++) {
      rig.tick(Set.of("agent"));
    }
    assertThat(rig.supervisorLeg.sent).as("every tick still sends").hasSize(sentBefore + 15);
    assertTones("caller without the agent", lastHeard(rig.callerHeard, 10), Set.of(SUPERVISOR));
    assertTones("supervisor without the agent", lastSent(rig.supervisorLeg, 10), Set.of(CALLER));
    for (int i = 0; i < 5; i++) {
      rig.tick(Set.of("agent", "caller", "supervisor", "second"));
    }
    assertThat(Goertzel.rms(lastHeard(rig.callerHeard, 3), 0, 3 * N)).as("nobody sends: silence")
        .isLessThan(Goertzel.SILENCE_RMS);
  }

  @Test
  void duringAConsultTheCallerHearsOnlyMusicAndTheTwoAgentsOnlyEachOther() {
    Rig rig = new Rig(AudioCodec.PCMU, MonitorMode.LISTEN);
    rig.mix.stage(ConsultStage.CONSULT, ToneGenerator.sine(MUSIC, 8000));
    rig.ticks(25);
    assertTones("consult: caller", lastHeard(rig.callerHeard, 10), Set.of(MUSIC));
    assertTones("consult: agent", lastSent(rig.agentLeg, 10), Set.of(SUPERVISOR));
    assertTones("consult: colleague", lastSent(rig.supervisorLeg, 10), Set.of(AGENT));
  }

  @Test
  void aConferenceLetsEachOfTheThreeHearTheOtherTwoAndMusicStops() {
    Rig rig = new Rig(AudioCodec.PCMA, MonitorMode.LISTEN);
    rig.mix.stage(ConsultStage.CONSULT, ToneGenerator.sine(MUSIC, 8000));
    rig.ticks(15);
    rig.mix.stage(ConsultStage.CONFERENCE, ToneGenerator.sine(MUSIC, 8000));
    rig.ticks(15);
    assertTones("conference: caller", lastHeard(rig.callerHeard, 10), Set.of(AGENT, SUPERVISOR));
    assertTones("conference: agent", lastSent(rig.agentLeg, 10), Set.of(CALLER, SUPERVISOR));
    assertTones("conference: colleague", lastSent(rig.supervisorLeg, 10), Set.of(CALLER, AGENT));
  }

  @Test
  void consultStagesMatrixNeverLetsAPartyHearItself() {
    for (ConsultStage stage : ConsultStage.values()) {
      boolean[][] m = stage.matrix();
      for (int i = 0; i < m.length; i++) {
        assertThat(m[i][i]).as("%s: party %d hears itself", stage, i).isFalse();
      }
    }
    assertThat(ConsultStage.CONSULT.matrix()[0]).as("the consulted caller hears nobody").containsOnly(false);
  }

  @Test
  void eachLegsStreamIsContinuousOneSsrcDenseSequenceTwentyMsApart() {
    Rig rig = new Rig(AudioCodec.PCMU, MonitorMode.LISTEN);
    rig.ticks(12);
    List<RtpPacket> sent = rig.agentLeg.sent;
    assertThat(sent.get(0).marker()).isTrue();
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).ssrc()).isEqualTo(11);
      assertThat(sent.get(i).sequence()).isEqualTo((sent.get(i - 1).sequence() + 1) & 0xFFFF);
      assertThat(sent.get(i).timestamp() - sent.get(i - 1).timestamp()).isEqualTo(N);
      assertThat(sent.get(i).marker()).isFalse();
    }
  }

  /** Every pair of modes two supervisors can be in, the first's and the second's. */
  static Stream<Arguments> modePairs() {
    return Stream.of(MonitorMode.values())
        .flatMap(a -> Stream.of(MonitorMode.values()).map(b -> Arguments.of(a, b)));
  }

  /**
   * The rule of docs/supervision.md written out apart from {@code MonitorMode}: the caller hears the agent and the
   * bargers, the agent the caller, the whisperers and the bargers, a supervisor the caller, the agent and the other
   * supervisor only if it barges.
   */
  @ParameterizedTest
  @MethodSource("modePairs")
  void twoSupervisorsEachInItsOwnModeAreHeardExactlyAsTheirModesSay(MonitorMode first, MonitorMode second) {
    Rig rig = new Rig(AudioCodec.PCMU, first);
    rig.modes(first, second);
    rig.ticks(25);
    Set<Double> caller = new HashSet<>(Set.of(AGENT));
    Set<Double> agent = new HashSet<>(Set.of(CALLER));
    Set<Double> hearsFirst = new HashSet<>(Set.of(CALLER, AGENT));
    Set<Double> hearsSecond = new HashSet<>(Set.of(CALLER, AGENT));
    if (first == MonitorMode.BARGE) {
      caller.add(SUPERVISOR);
      hearsSecond.add(SUPERVISOR);
    }
    if (second == MonitorMode.BARGE) {
      caller.add(SECOND);
      hearsFirst.add(SECOND);
    }
    if (first != MonitorMode.LISTEN) {
      agent.add(SUPERVISOR);
    }
    if (second != MonitorMode.LISTEN) {
      agent.add(SECOND);
    }
    String as = first + "+" + second + ": ";
    assertTones(as + "caller", lastHeard(rig.callerHeard, 10), caller);
    assertTones(as + "agent", lastSent(rig.agentLeg, 10), agent);
    assertTones(as + "first supervisor", lastSent(rig.supervisorLeg, 10), hearsFirst);
    assertTones(as + "second supervisor", lastSent(rig.secondLeg, 10), hearsSecond);
  }

  @Test
  void aSupervisorLeavingLeavesTheOtherItsModeAndItsContinuousStream() {
    Rig rig = new Rig(AudioCodec.PCMU, MonitorMode.BARGE);
    rig.ticks(10);
    rig.modes(MonitorMode.BARGE, MonitorMode.WHISPER); // the second joins: the first keeps its stream
    rig.ticks(15);
    assertTones("with two: agent", lastSent(rig.agentLeg, 10), Set.of(CALLER, SUPERVISOR, SECOND));
    assertTones("with two: caller", lastHeard(rig.callerHeard, 10), Set.of(AGENT, SUPERVISOR));
    int secondSent = rig.secondLeg.sent.size();
    rig.mix.members(List.of(new CallMix.Member(rig.secondLeg, rig.secondStream, MonitorMode.WHISPER)));
    rig.ticks(15);
    assertThat(rig.mix.memberLegs()).containsExactly(rig.secondLeg);
    assertTones("the first left: agent", lastSent(rig.agentLeg, 10), Set.of(CALLER, SECOND));
    assertTones("the first left: caller", lastHeard(rig.callerHeard, 10), Set.of(AGENT));
    assertTones("the first left: second", lastSent(rig.secondLeg, 10), Set.of(CALLER, AGENT));
    int firstSent = rig.supervisorLeg.sent.size();
    rig.ticks(3);
    assertThat(rig.supervisorLeg.sent).as("the leg that left is sent nothing more").hasSize(firstSent);
    List<RtpPacket> sent = rig.secondLeg.sent;
    assertThat(sent).as("the second got a packet every tick throughout").hasSize(secondSent + 18);
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).ssrc()).isEqualTo(33);
      assertThat(sent.get(i).sequence()).isEqualTo((sent.get(i - 1).sequence() + 1) & 0xFFFF);
      assertThat(sent.get(i).timestamp() - sent.get(i - 1).timestamp()).isEqualTo(N);
    }
  }

  @Test
  void theMatrixOfSeveralSupervisorsFollowsEachOnesModeAndNobodyHearsItself() {
    boolean[][] m = MonitorMode.matrix(List.of(MonitorMode.LISTEN, MonitorMode.WHISPER, MonitorMode.BARGE));
    assertThat(m).hasDimensions(5, 5);
    for (int i = 0; i < m.length; i++) {
      assertThat(m[i][i]).as("party %d hears itself", i).isFalse();
    }
    // speakers: caller, agent, listener, whisperer, barger
    assertThat(m[0]).as("caller").containsExactly(false, true, false, false, true);
    assertThat(m[1]).as("agent").containsExactly(true, false, false, true, true);
    assertThat(m[2]).as("the listener").containsExactly(true, true, false, false, true);
    assertThat(m[3]).as("the whisperer").containsExactly(true, true, false, false, true);
    assertThat(m[4]).as("the barger").containsExactly(true, true, false, false, false);
  }
}
