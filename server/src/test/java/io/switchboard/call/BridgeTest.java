package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.session.MediaCounters;
import io.switchboard.media.session.MediaTransport;
import io.switchboard.media.session.Peer;
import io.switchboard.media.session.RtpSession;
import io.switchboard.media.session.SessionListener;
import io.switchboard.media.session.SessionParams;
import io.switchboard.media.session.SourcePolicy;
import io.switchboard.webrtc.WebRtcLeg;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bridge's rewriting with an in-memory caller transport and a fake browser leg; time driven by hand. */
class BridgeTest {
  static final Peer CALLER = new Peer("192.0.2.10", 4000);
  static final int CALLER_SSRC = 0x11111111;
  static final int BROWSER_SSRC = 0x22222222;

  final List<RtpPacket> toCaller = new ArrayList<>();
  long now = 1_000_000_000L;
  RtpSession session;
  Bridge bridge;
  FakeLeg leg;

  void setUp(AudioCodec codec, int pt, int callerTe, int legTe) {
    SessionParams p = new SessionParams(codec, pt, callerTe, CALLER, new Peer("192.0.2.10", 4001), false,
        Direction.SENDRECV, new SourcePolicy(true, 4), Duration.ofSeconds(5), "t@sb");
    MediaTransport t = new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        try {
          toCaller.add(RtpCodec.parse(packet));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {}
    };
    session = new RtpSession(p, t, new SessionListener() {
      @Override
      public void onRtpPacket(RtpPacket packet) {
        bridge.fromCaller(packet);
      }
    }, new MediaCounters(), Clock.systemUTC(), new Random(3));
    bridge = new Bridge(session, () -> ToneGenerator.sine(440, 8000), () -> now, new Random(5));
    leg = new FakeLeg(new WebRtcLeg.Listener() {
      @Override
      public void onRtp(byte[] data, int off, int len) {
        bridge.fromAgent(leg, data, off, len);
      }

      @Override
      public void onConnected() {
        bridge.legConnected(leg);
      }

      @Override
      public void onClosed(String reason) {
        bridge.legClosed(leg);
      }
    }, legTe);
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      session.tick(now);
      now += 20_000_000L;
    }
  }

  void fromCaller(int ssrc, int seq, long ts, int pt, byte[] payload) {
    byte[] b = RtpCodec.serialize(RtpPacket.of(false, pt, seq, ts, ssrc, payload));
    session.onRtp(b, 0, b.length, CALLER, now);
  }

  static byte[] ulaw(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, G711.linearToUlaw(v));
    return b;
  }

  RtpPacket last() {
    return toCaller.get(toCaller.size() - 1);
  }

  static void assertContinuous(List<RtpPacket> ps) {
    for (int i = 1; i < ps.size(); i++) {
      RtpPacket a = ps.get(i - 1);
      RtpPacket b = ps.get(i);
      assertThat(b.ssrc()).as("ssrc of packet " + i).isEqualTo(a.ssrc());
      assertThat(b.sequence()).as("seq of packet " + i).isEqualTo((a.sequence() + 1) & 0xFFFF);
      assertThat((int) (b.timestamp() - a.timestamp())).as("ts step of packet " + i).isGreaterThan(0);
    }
  }

  @Test
  void theCallerHearsOneContinuousStreamFromMusicToAgentToHoldAndBack() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    ticks(5); // music
    assertThat(toCaller).hasSize(5);
    long musicNextTs = last().timestamp() + 160;

    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    assertThat(bridge.state()).isEqualTo(Bridge.State.RELAYING);
    ticks(2); // the pacer sends nothing while relaying, its clock runs on
    assertThat(toCaller).as("no paced packet while relaying").hasSize(5);

    for (int i = 0; i < 3; i++) {
      leg.fromBrowser(RtpPacket.of(false, 0, 60000 + i, 900_000 + 160L * i, BROWSER_SSRC, ulaw(160, 3000)));
    }
    assertThat(toCaller).hasSize(8);
    RtpPacket firstRelayed = toCaller.get(5);
    assertThat(firstRelayed.marker()).as("marker on the first relayed packet").isTrue();
    assertThat(firstRelayed.timestamp()).as("anchored at the running media clock")
        .isEqualTo((musicNextTs + 2 * 160) & 0xFFFFFFFFL);
    assertThat(toCaller.get(6).marker()).isFalse();
    assertThat(toCaller.get(7).timestamp() - firstRelayed.timestamp()).isEqualTo(320);
    assertThat(firstRelayed.payload()).isEqualTo(ulaw(160, 3000));

    assertThat(bridge.hold()).isTrue();
    assertThat(bridge.state()).isEqualTo(Bridge.State.HELD);
    leg.fromBrowser(RtpPacket.of(false, 0, 60003, 900_480, BROWSER_SSRC, ulaw(160, 3000)));
    assertThat(toCaller).as("nothing relayed on hold").hasSize(8);
    ticks(3); // music on hold
    assertThat(toCaller).hasSize(11);
    assertThat(toCaller.get(8).marker()).as("marker when the music resumes").isTrue();
    assertThat(toCaller.get(8).payloadType()).isEqualTo(0);

    assertThat(bridge.resume()).isTrue();
    ticks(1);
    leg.fromBrowser(RtpPacket.of(false, 0, 60010, 901_600, BROWSER_SSRC, ulaw(160, 3000)));
    assertThat(toCaller).hasSize(12);
    assertThat(last().marker()).isTrue();
    assertContinuous(toCaller);
    assertThat(toCaller).extracting(RtpPacket::ssrc).containsOnly(session.localSsrc());
  }

  @Test
  void theAgentHearsOneContinuousStreamAcrossACallerSsrcChangeAndAHold() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    fromCaller(CALLER_SSRC, 100, 5000, 0, ulaw(160, 1000));
    assertThat(leg.sent).as("nothing before the leg is connected and the agent is on").isEmpty();
    leg.connect();
    bridge.agentConnected();

    fromCaller(CALLER_SSRC, 101, 5160, 0, ulaw(160, 1000));
    fromCaller(CALLER_SSRC, 102, 5320, 0, ulaw(160, 1000));
    fromCaller(CALLER_SSRC, 101, 5160, 0, ulaw(160, 1000)); // duplicate: dropped
    now += 40_000_000L;
    fromCaller(0x33333333, 7, 777_000, 0, ulaw(160, 1000)); // the caller's side switched streams
    fromCaller(0x33333333, 8, 777_160, 0, ulaw(160, 1000));
    assertThat(leg.sent).hasSize(4);
    assertContinuous(leg.sent);
    assertThat(leg.sent.get(0).marker()).isTrue();
    assertThat(leg.sent.get(2).marker()).as("new input stream = new talk spurt").isTrue();
    assertThat(leg.sent.get(2).timestamp() - leg.sent.get(1).timestamp()).as("40 ms later at 8 kHz").isEqualTo(320);
    assertThat(leg.sent).extracting(RtpPacket::payloadType).containsOnly(0);
    assertThat(leg.sent).extracting(RtpPacket::ssrc).doesNotContain(CALLER_SSRC, 0x33333333);

    bridge.hold();
    fromCaller(0x33333333, 9, 777_320, 0, ulaw(160, 1000));
    assertThat(leg.sent).as("nothing relayed on hold").hasSize(4);
    now += 1_000_000_000L;
    bridge.resume();
    fromCaller(0x33333333, 60, 785_480, 0, ulaw(160, 1000));
    assertThat(leg.sent).hasSize(5);
    assertContinuous(leg.sent);
    assertThat(leg.sent.get(4).timestamp() - leg.sent.get(3).timestamp()).as("hold time at 8 kHz")
        .isEqualTo(8000);
  }

  @Test
  void aPcmaCallerIsTranscodedBothWays() {
    setUp(AudioCodec.PCMA, 8, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    short[] tone = ToneGenerator.samples(1000, 9000, 160);
    byte[] alaw = new byte[160];
    G711.encodeAlaw(tone, alaw);
    fromCaller(CALLER_SSRC, 1, 0, 8, alaw);
    assertThat(leg.sent).singleElement().satisfies(p -> {
      assertThat(p.payloadType()).isEqualTo(0);
      short[] back = new short[160];
      G711.decodeUlaw(p.payload(), 0, 160, back);
      for (int i = 0; i < 160; i++) {
        assertThat(Math.abs(back[i] - tone[i])).as("sample " + i).isLessThan(700);
      }
    });

    byte[] ulaw = new byte[160];
    G711.encodeUlaw(tone, ulaw);
    leg.fromBrowser(RtpPacket.of(false, 0, 1, 0, BROWSER_SSRC, ulaw));
    assertThat(toCaller).singleElement().satisfies(p -> {
      assertThat(p.payloadType()).isEqualTo(8);
      short[] back = new short[160];
      G711.decodeAlaw(p.payload(), 0, 160, back);
      for (int i = 0; i < 160; i++) {
        assertThat(Math.abs(back[i] - tone[i])).as("sample " + i).isLessThan(700);
      }
    });
  }

  @Test
  void telephoneEventsAreMappedToEachSidesPayloadType() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    byte[] event = {5, 10, 0, (byte) 160}; // digit 5, volume 10, duration 160
    leg.fromBrowser(RtpPacket.of(true, 111, 10, 48_000, BROWSER_SSRC, event));
    leg.fromBrowser(RtpPacket.of(false, 96, 11, 48_000, BROWSER_SSRC, new byte[] {1})); // unknown PT: dropped
    assertThat(toCaller).singleElement().satisfies(p -> {
      assertThat(p.payloadType()).isEqualTo(101);
      assertThat(p.payload()).isEqualTo(event);
      assertThat(p.marker()).isTrue();
    });
    fromCaller(CALLER_SSRC, 1, 0, 101, event);
    assertThat(leg.sent).singleElement().satisfies(p -> assertThat(p.payloadType()).isEqualTo(111));
  }

  @Test
  void telephoneEventsAreDroppedTowardASideThatNegotiatedNone() {
    setUp(AudioCodec.PCMU, 0, -1, -1);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    leg.fromBrowser(RtpPacket.of(true, 101, 10, 48_000, BROWSER_SSRC, new byte[] {5, 10, 0, (byte) 160}));
    assertThat(toCaller).isEmpty();
    leg.fromBrowser(RtpPacket.of(false, 0, 11, 48_160, BROWSER_SSRC, ulaw(160, 10)));
    assertThat(toCaller).hasSize(1);
  }

  @Test
  void whenTheLegDiesThePacerTakesTheStreamBackContinuously() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    ticks(2);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    leg.fromBrowser(RtpPacket.of(false, 0, 1, 0, BROWSER_SSRC, ulaw(160, 10)));
    leg.die("consent-expired");
    assertThat(bridge.state()).isEqualTo(Bridge.State.AWAITING_LEG);
    leg.fromBrowser(RtpPacket.of(false, 0, 2, 160, BROWSER_SSRC, ulaw(160, 10)));
    ticks(2);
    assertThat(toCaller).hasSize(5);
    assertContinuous(toCaller);
    assertThat(toCaller.get(3).marker()).isTrue();
  }

  @Test
  void aNewLegReplacesTheOldOneWhichIsClosed() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    FakeLeg old = leg;
    FakeLeg next = new FakeLeg(old.listener, 111);
    bridge.setLeg(next);
    assertThat(old.state()).isEqualTo(WebRtcLeg.State.CLOSED);
    assertThat(bridge.state()).isEqualTo(Bridge.State.AWAITING_LEG);
    old.fromBrowser(RtpPacket.of(false, 0, 1, 0, BROWSER_SSRC, ulaw(160, 10)));
    assertThat(toCaller).as("the old leg's media is not relayed").isEmpty();

    bridge.backToMusic();
    assertThat(next.state()).isEqualTo(WebRtcLeg.State.CLOSED);
    assertThat(bridge.state()).isEqualTo(Bridge.State.MUSIC);
    ticks(1);
    assertThat(toCaller).hasSize(1);
  }

  /**
   * The caller (300 Hz; the music is 440 Hz), the agent (1000 Hz) and a consulted colleague (700 Hz) each send 20 ms,
   * then one tick.
   */
  void consultTick(FakeLeg colleague, int seq, ToneGenerator[] tones) {
    short[] pcm = new short[160];
    byte[] payload = new byte[160];
    tones[0].nextFrame(pcm);
    G711.encodeUlaw(pcm, payload);
    fromCaller(CALLER_SSRC, seq, seq * 160L, 0, payload.clone());
    tones[1].nextFrame(pcm);
    G711.encodeUlaw(pcm, payload);
    leg.fromBrowser(RtpPacket.of(false, 0, seq, seq * 160L, BROWSER_SSRC, payload.clone()));
    tones[2].nextFrame(pcm);
    G711.encodeUlaw(pcm, payload);
    colleague.fromBrowser(RtpPacket.of(false, 0, seq, seq * 160L, BROWSER_SSRC + 1, payload.clone()));
    ticks(1);
  }

  static double share(List<RtpPacket> ps, double hz) {
    int frames = 10;
    short[] pcm = new short[frames * 160];
    for (int i = 0; i < frames; i++) {
      byte[] p = ps.get(ps.size() - frames + i).payload();
      short[] f = new short[160];
      G711.decodeUlaw(p, 0, 160, f);
      System.arraycopy(f, 0, pcm, i * 160, 160);
    }
    return io.switchboard.media.audio.Goertzel.relativePower(pcm, 0, pcm.length, hz, 8000);
  }

  /** A connected browser leg for a consulted colleague: what it sends reaches the bridge as that leg's audio. */
  private FakeLeg connectedColleague() {
    FakeLeg[] holder = new FakeLeg[1];
    FakeLeg colleague = new FakeLeg(new WebRtcLeg.Listener() {
      @Override
      public void onRtp(byte[] data, int off, int len) {
        bridge.fromAgent(holder[0], data, off, len);
      }

      @Override
      public void onConnected() {}

      @Override
      public void onClosed(String reason) {}
    }, -1);
    holder[0] = colleague;
    colleague.connect();
    return colleague;
  }

  @Test
  void aConsultMixesTheColleagueInWithMusicForTheCallerThenAConferenceThenBackToTheRelay() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    FakeLeg colleague = connectedColleague();
    bridge.hold();
    bridge.consult(colleague, ConsultStage.CONSULT);
    assertThat(bridge.state()).as("a held call is mixed for the consult").isEqualTo(Bridge.State.MIXING);
    ToneGenerator[] tones = {ToneGenerator.sine(300, 8000), ToneGenerator.sine(1000, 8000),
        ToneGenerator.sine(700, 8000)};
    for (int i = 1; i <= 25; i++) {
      consultTick(colleague, i, tones);
    }
    assertThat(share(toCaller, 440)).as("the caller hears the music").isGreaterThan(0.5);
    assertThat(share(toCaller, 1000) + share(toCaller, 700)).as("not the agents").isLessThan(0.01);
    assertThat(share(leg.sent, 700)).as("the agent hears the colleague").isGreaterThan(0.5);
    assertThat(share(leg.sent, 300)).as("not the caller").isLessThan(0.01);
    assertThat(share(colleague.sent, 1000)).as("the colleague hears the agent").isGreaterThan(0.5);
    assertThat(share(colleague.sent, 300)).as("not the caller").isLessThan(0.01);

    bridge.consult(colleague, ConsultStage.CONFERENCE);
    for (int i = 26; i <= 45; i++) {
      consultTick(colleague, i, tones);
    }
    assertThat(share(toCaller, 1000)).as("conference: the caller hears the agent").isGreaterThan(0.15);
    assertThat(share(toCaller, 700)).as("conference: and the colleague").isGreaterThan(0.15);
    assertThat(share(toCaller, 440)).as("no more music").isLessThan(0.01);
    assertThat(share(colleague.sent, 300)).as("the colleague hears the caller").isGreaterThan(0.15);
    assertThat(share(leg.sent, 300)).as("so does the agent").isGreaterThan(0.15);

    bridge.endConsult();
    assertThat(bridge.state()).isEqualTo(Bridge.State.RELAYING);
    assertThat(colleague.state()).as("the colleague's leg is its owner's to close")
        .isEqualTo(WebRtcLeg.State.CONNECTED);
    assertContinuous(toCaller);
  }

  @Test
  void theAgentsLegLostInAConferenceLeavesTheCallerAndTheColleagueTalking() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    FakeLeg colleague = connectedColleague();
    bridge.consult(colleague, ConsultStage.CONFERENCE);
    leg.die("consent-expired"); // its listener tells the bridge (legClosed)
    assertThat(bridge.leg()).isNull();
    assertThat(bridge.state()).as("a conference goes on without the agent's leg").isEqualTo(Bridge.State.MIXING);
    ToneGenerator[] tones = {ToneGenerator.sine(300, 8000), ToneGenerator.sine(1000, 8000),
        ToneGenerator.sine(700, 8000)};
    for (int i = 1; i <= 25; i++) {
      consultTick(colleague, i, tones);
    }
    assertThat(share(toCaller, 700)).as("the caller hears the colleague").isGreaterThan(0.5);
    assertThat(share(colleague.sent, 300)).as("the colleague hears the caller").isGreaterThan(0.5);
    assertThat(share(toCaller, 1000) + share(colleague.sent, 1000)).as("nobody hears the lost leg")
        .isLessThan(0.01);
  }


  @Test
  void twoSupervisorsShareTheMixTheFirstLeavingKeepsTheSecondsStreamTheLastLeavingRelaysAgain() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    FakeLeg first = connectedColleague(); // any connected leg delivering into the bridge: here a supervisor's
    FakeLeg second = connectedColleague();
    bridge.monitor(first, io.switchboard.monitor.MonitorMode.BARGE);
    bridge.monitor(second, io.switchboard.monitor.MonitorMode.WHISPER);
    assertThat(bridge.state()).isEqualTo(Bridge.State.MIXING);
    CallMix mix = bridge.mix();
    assertThat(mix.memberLegs()).containsExactly(first, second);
    ToneGenerator[] tones = {ToneGenerator.sine(300, 8000), ToneGenerator.sine(1000, 8000),
        ToneGenerator.sine(700, 8000)};
    for (int i = 1; i <= 25; i++) {
      consultTick(first, i, tones); // the second sends nothing: silence, never a wait
    }
    assertThat(share(toCaller, 700)).as("the caller hears the barger").isGreaterThan(0.15);
    assertThat(share(second.sent, 700)).as("the whisperer hears the barger").isGreaterThan(0.15);
    assertThat(share(second.sent, 300)).as("and the caller").isGreaterThan(0.15);

    bridge.unmonitor(first);
    assertThat(bridge.state()).as("one supervisor is still on").isEqualTo(Bridge.State.MIXING);
    assertThat(bridge.mix()).as("the same mix goes on").isSameAs(mix);
    assertThat(mix.memberLegs()).containsExactly(second);
    for (int i = 26; i <= 40; i++) {
      consultTick(first, i, tones); // the leg that left is ignored
    }
    assertThat(share(toCaller, 700)).as("the caller no longer hears the one who left").isLessThan(0.01);
    assertThat(share(second.sent, 700)).isLessThan(0.01);
    assertContinuous(second.sent);

    bridge.unmonitor(second);
    assertThat(bridge.state()).isEqualTo(Bridge.State.RELAYING);
    assertThat(first.state()).as("the supervisors' legs are their owners' to close")
        .isEqualTo(WebRtcLeg.State.CONNECTED);
    assertContinuous(toCaller);
  }

  @Test
  void aWarmTransferMakesTheColleaguesLegTheAgentLegAndClosesTheFirst() {
    setUp(AudioCodec.PCMU, 0, 101, 111);
    bridge.setLeg(leg);
    leg.connect();
    bridge.agentConnected();
    FakeLeg colleague = connectedColleague();
    bridge.handOverToColleague();
    assertThat(bridge.leg()).as("nothing to hand over without a consult").isSameAs(leg);
    bridge.consult(colleague, ConsultStage.CONFERENCE);

    bridge.handOverToColleague();
    assertThat(bridge.state()).isEqualTo(Bridge.State.RELAYING);
    assertThat(bridge.leg()).isSameAs(colleague);
    assertThat(bridge.consultStage()).isNull();
    assertThat(leg.state()).as("the first agent's leg").isEqualTo(WebRtcLeg.State.CLOSED);
    toCaller.clear();
    int sentBefore = colleague.sent.size();
    colleague.fromBrowser(RtpPacket.of(false, 0, 1, 0, BROWSER_SSRC + 1, ulaw(160, 10)));
    assertThat(toCaller).as("the colleague is relayed to the caller").hasSize(1);
    fromCaller(CALLER_SSRC, 900, 900 * 160L, 0, ulaw(160, 20));
    assertThat(colleague.sent).as("and hears the caller").hasSize(sentBefore + 1);
  }
}
