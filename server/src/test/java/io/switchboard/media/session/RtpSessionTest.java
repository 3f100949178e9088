package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtcp.RtcpCodec;
import io.switchboard.media.rtcp.RtcpPacket;
import io.switchboard.media.rtcp.RtcpPacket.Bye;
import io.switchboard.media.rtcp.RtcpPacket.SenderReport;
import io.switchboard.media.rtcp.RtcpPacket.SourceDescription;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.sdp.Direction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The session's wire behaviour with a manual clock and an in-memory transport: exact, no timing flakiness. */
class RtpSessionTest {
  private static final long MS = 1_000_000L;
  private static final Peer SDP_RTP = new Peer("10.0.0.5", 4000);
  private static final Peer SDP_RTCP = new Peer("10.0.0.5", 4001);

  record Sent(byte[] data, Peer to, boolean rtcp) {}

  private final List<Sent> sent = new ArrayList<>();
  private final List<DtmfDigit> digits = new ArrayList<>();
  private final List<String> byes = new ArrayList<>();
  private final MediaCounters counters = new MediaCounters();
  private final Pacer pacer = new Pacer(() -> 0L, 5);
  private final Clock wall = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private long now;

  private static final SourcePolicy STRICT = new SourcePolicy(true, 4);

  private RtpSession session() {
    SessionParams p = new SessionParams(AudioCodec.PCMU, 0, 101, SDP_RTP, SDP_RTCP, false, Direction.SENDRECV,
        STRICT, Duration.ofSeconds(5), "test@switchboard");
    MediaTransport t = new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        sent.add(new Sent(packet, to, false));
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {
        sent.add(new Sent(packet, to, true));
      }
    };
    SessionListener l = new SessionListener() {
      @Override
      public void onDtmf(DtmfDigit d) {
        digits.add(d);
      }

      @Override
      public void onRtcpBye(String reason) {
        byes.add(reason);
      }
    };
    RtpSession s = new RtpSession(p, t, l, counters, wall, new Random(7));
    pacer.add(s);
    return s;
  }

  private void runMillis(long ms) {
    long end = now + ms * MS;
    while (now < end) {
      now += MS;
      pacer.runDue(now);
    }
  }

  private List<RtpPacket> rtpSent() throws Exception {
    List<RtpPacket> out = new ArrayList<>();
    for (Sent s : sent) {
      if (!s.rtcp()) {
        out.add(RtpCodec.parse(s.data()));
      }
    }
    return out;
  }

  private static short[] pcm(RtpPacket p) {
    short[] s = new short[p.payload().length];
    G711.decodeUlaw(p.payload(), 0, s.length, s);
    return s;
  }

  private static byte[] rtp(int seq, long ts, int ssrc, int pt, byte[] payload) {
    return RtpCodec.serialize(RtpPacket.of(false, pt, seq, ts, ssrc, payload));
  }

  @Test
  void seqTimestampSsrcAndMarkerStayContinuousAcrossASourceSwitch() throws Exception {
    RtpSession s = session();
    s.output().switchTo(ToneGenerator.sine(400, 8000));
    pacer.runDue(0);
    runMillis(59); // ticks at 0, 20, 40 ms
    s.output().switchTo(ToneGenerator.sine(1000, 8000));
    runMillis(60); // 60, 80, 100
    List<RtpPacket> p = rtpSent();
    assertThat(p).hasSize(6);
    for (int i = 0; i < p.size(); i++) {
      assertThat(p.get(i).ssrc()).isEqualTo(s.localSsrc());
      assertThat(p.get(i).payloadType()).isZero();
      assertThat(p.get(i).payload()).hasSize(160);
      assertThat(p.get(i).sequence()).isEqualTo((p.get(0).sequence() + i) & 0xFFFF);
      assertThat(p.get(i).timestamp()).isEqualTo((p.get(0).timestamp() + 160L * i) & 0xFFFFFFFFL);
    }
    assertThat(p).extracting(RtpPacket::marker).containsExactly(true, false, false, true, false, false);
    assertThat(Goertzel.detect(pcm(p.get(2)), 400)).isTrue();
    assertThat(Goertzel.detect(pcm(p.get(3)), 1000)).isTrue();
    assertThat(sent).allMatch(x -> x.to().equals(SDP_RTP)); // nothing received yet: the SDP address
  }

  @Test
  void theTapCopiesAudioBothWaysButNotTelephoneEventsUntilRemoved() throws Exception {
    RtpSession s = session();
    List<String> tapped = new ArrayList<>();
    s.tap(new AudioTap() {
      @Override
      public void received(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
        tapped.add("in " + codec + " " + payload.length);
      }

      @Override
      public void sent(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
        tapped.add("out " + codec + " " + payload.length);
      }
    });
    s.output().switchTo(ToneGenerator.sine(400, 8000));
    pacer.runDue(0); // one paced packet to the caller
    byte[] audio = rtp(1, 160, 0x1234, 0, new byte[160]);
    s.onRtp(audio, 0, audio.length, SDP_RTP, now);
    byte[] event = rtp(2, 320, 0x1234, 101, new TelephoneEvent(5, false, 10, 160).serialize());
    s.onRtp(event, 0, event.length, SDP_RTP, now);
    assertThat(tapped).containsExactly("out PCMU 160", "in PCMU 160");
    s.tap(null);
    runMillis(40);
    s.onRtp(rtp(3, 480, 0x1234, 0, new byte[160]), 0, 172, SDP_RTP, now);
    assertThat(tapped).as("nothing after the tap is removed").hasSize(2);
    assertThat(rtpSent()).as("the session itself went on").hasSizeGreaterThan(1);
  }

  @Test
  void sequenceAndTimestampWrapAround() throws Exception {
    OutgoingStream o = new OutgoingStream(1, 0xFFFF, 0xFFFFFF60L);
    StreamSwitch sw = new StreamSwitch(o, AudioCodec.PCMA, 8, -1);
    RtpPacket a = sw.tick(0);
    RtpPacket b = sw.tick(20 * MS);
    assertThat(a.sequence()).isEqualTo(0xFFFF);
    assertThat(b.sequence()).isZero();
    assertThat(a.timestamp()).isEqualTo(0xFFFFFF60L);
    assertThat(b.timestamp()).isZero();
    assertThat(G711.alawToLinear(b.payload()[0])).isEqualTo((short) 8); // PCMA silence
  }

  @Test
  void dtmfReplacesAudioWithEventPacketsOnTheSameStream() throws Exception {
    RtpSession s = session();
    s.output().switchTo(ToneGenerator.sine(400, 8000));
    pacer.runDue(0);
    runMillis(20);
    s.output().sendDigit('5', 60);
    runMillis(140); // 7 ticks: 5 event packets then 2 audio
    List<RtpPacket> p = rtpSent();
    assertThat(p).hasSize(9);
    long eventTs = p.get(2).timestamp();
    assertThat(eventTs).isEqualTo(p.get(0).timestamp() + 320);
    for (int i = 2; i < 7; i++) {
      assertThat(p.get(i).payloadType()).isEqualTo(101);
      assertThat(p.get(i).timestamp()).isEqualTo(eventTs);
      assertThat(TelephoneEvent.parse(p.get(i).payload()).event()).isEqualTo(5);
    }
    assertThat(p).extracting(RtpPacket::marker).containsExactly(true, false, true, false, false, false, false,
        false, false);
    assertThat(p.get(7).payloadType()).isZero();
    assertThat(p.get(7).timestamp()).isEqualTo(eventTs + 5 * 160); // media time ran on during the event
    for (int i = 1; i < p.size(); i++) {
      assertThat(p.get(i).sequence()).isEqualTo((p.get(i - 1).sequence() + 1) & 0xFFFF);
    }
  }

  @Test
  void switchFutureCompletesWhenTheSourceEndsThenSilenceFollows() throws Exception {
    RtpSession s = session();
    CompletableFuture<Void> done = s.output().switchTo(new ToneGenerator(400, 0, 8000, 40));
    pacer.runDue(0);
    runMillis(40);
    assertThat(done).isCompleted();
    List<RtpPacket> p = rtpSent();
    assertThat(Goertzel.rms(pcm(p.get(2)), 0, 160)).isZero();
    CompletableFuture<Void> replaced = s.output().switchTo(ToneGenerator.sine(400, 1000));
    s.output().switchTo(ToneGenerator.sine(1000, 1000));
    assertThat(replaced).isCancelled();
  }

  @Test
  void strictRtpSendsToTheSdpAddressUntilItsCallerSpeaksAndDropsStrangersForGood() throws Exception {
    RtpSession s = session();
    pacer.runDue(0);
    Peer stranger = new Peer("192.0.2.66", 4000);
    s.onRtp(rtp(1, 100, 0x6666, 0, new byte[160]), 0, 172, stranger, now);
    s.onRtp(rtp(2, 260, 0x6666, 0, new byte[160]), 0, 172, stranger, now);
    assertThat(s.latched()).isFalse();
    assertThat(counters.rejectedCount("probation")).isEqualTo(2);
    s.onRtp(rtp(7, 900, 0xBBBB, 0, new byte[160]), 0, 172, SDP_RTP, now);
    assertThat(s.latched()).isTrue();
    assertThat(s.rtpTarget()).isEqualTo(SDP_RTP);
    for (int i = 3; i < 50; i++) {
      s.onRtp(rtp(i, i * 160L, 0x6666, 0, new byte[160]), 0, 172, stranger, now);
    }
    assertThat(counters.rejectedCount("stranger")).isEqualTo(47);
    assertThat(counters.rtpInCount()).isEqualTo(1);
    sent.clear();
    runMillis(20);
    assertThat(sent).isNotEmpty().allMatch(x -> x.to().equals(SDP_RTP));
  }

  @Test
  void aCallerBehindNatIsLatchedAfterProbationThenItsRtcpIsAccepted() throws Exception {
    RtpSession s = session();
    Peer natted = new Peer("198.51.100.20", 5062);
    for (int i = 0; i < 3; i++) {
      s.onRtp(rtp(10 + i, i * 160L, 0xAAAA, 0, new byte[160]), 0, 172, natted, now);
      assertThat(s.latched()).isFalse();
    }
    s.onRtp(rtp(13, 480, 0xAAAA, 0, new byte[160]), 0, 172, natted, now);
    assertThat(s.rtpTarget()).isEqualTo(natted);
    assertThat(s.rtcpTarget()).as("until the caller's RTCP arrives").isEqualTo(SDP_RTCP);
    assertThat(counters.rejectedCount("probation")).isEqualTo(3);
    assertThat(counters.rtpInCount()).isEqualTo(1);

    byte[] strangerBye = RtcpCodec.serialize(List.of(new RtcpPacket.ReceiverReport(0xAAAA, List.of()),
        new Bye(List.of(0xAAAA), "hijack")));
    s.onRtcp(strangerBye, 0, strangerBye.length, new Peer("192.0.2.66", 5063), now);
    assertThat(byes).as("RTCP from a stranger, even with the caller's SSRC").isEmpty();
    assertThat(counters.rejectedCount("rtcp-stranger")).isEqualTo(1);
    Peer mapped = new Peer("198.51.100.20", 40001);
    byte[] theirSr = RtcpCodec.serialize(List.of(new SenderReport(0xAAAA, 1L << 40, 0, 1, 160, List.of())));
    s.onRtcp(theirSr, 0, theirSr.length, mapped, now);
    assertThat(s.rtcpTarget()).isEqualTo(mapped);
  }

  @Test
  void expectingANewRemoteAddressMovesTheTargetsAndStartsOver() throws Exception {
    RtpSession s = session();
    s.onRtp(rtp(1, 100, 0xBBBB, 0, new byte[160]), 0, 172, SDP_RTP, now);
    assertThat(s.latched()).isTrue();
    Peer moved = new Peer("10.0.0.9", 7000);
    s.expectRemote(moved, new Peer("10.0.0.9", 7001));
    assertThat(s.latched()).isFalse();
    assertThat(s.rtpTarget()).isEqualTo(moved);
    assertThat(s.rtcpTarget()).isEqualTo(new Peer("10.0.0.9", 7001));
    s.onRtp(rtp(2, 260, 0xBBBB, 0, new byte[160]), 0, 172, SDP_RTP, now);
    assertThat(s.latched()).as("the old address is on probation like any other").isFalse();
    s.onRtp(rtp(1, 100, 0xCCCC, 0, new byte[160]), 0, 172, moved, now);
    assertThat(s.latched()).isTrue();
    assertThat(s.rtpTarget()).isEqualTo(moved);
  }

  @Test
  void malformedAndUnexpectedPacketsAreCountedNeverThrown() {
    RtpSession s = session();
    Peer from = new Peer("10.0.0.5", 4000);
    s.onRtp(new byte[] {1, 2, 3}, 0, 3, from, now);
    byte[] v1 = rtp(1, 1, 1, 0, new byte[4]);
    v1[0] = 0x40;
    s.onRtp(v1, 0, v1.length, from, now);
    s.onRtp(rtp(1, 1, 1, 18, new byte[20]), 0, 32, from, now); // G729 was not negotiated
    s.onRtp(rtp(1, 1, 1, 101, new byte[2]), 0, 14, from, now); // truncated telephone-event
    s.onRtcp(new byte[] {(byte) 0x80, (byte) 0xC9, 0, 9}, 0, 4, from, now);
    assertThat(counters.rejections()).containsEntry("too-short", 1L).containsEntry("bad-version", 1L)
        .containsEntry("unexpected-pt", 1L).containsEntry("bad-length", 1L).containsEntry("rtcp-too-short", 1L);
    assertThat(s.latched()).isTrue(); // only the telephone-event packet was a valid RTP packet
  }

  @Test
  void receivedTelephoneEventsBecomeDigits() {
    RtpSession s = session();
    Peer from = new Peer("10.0.0.5", 4000);
    int seq = 100;
    for (char d : new char[] {'1', '#'}) {
      long ts = seq * 160L;
      int ev = TelephoneEvent.eventOf(d);
      for (int dur : new int[] {160, 320, 480, 640, 640, 640}) {
        byte[] payload = new TelephoneEvent(ev, dur == 640, 10, dur).serialize();
        s.onRtp(rtp(seq++, ts, 0x1234, 101, payload), 0, 16, from, now);
      }
    }
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('1', '#');
    assertThat(digits).extracting(DtmfDigit::durationMillis).containsExactly(80, 80);
  }

  @Test
  void sendsSenderReportsWithCountsThenLatchesRtcpAndEndsWithBye() throws Exception {
    RtpSession s = session();
    s.output().switchTo(ToneGenerator.sine(400, 8000));
    Peer remote = new Peer("10.0.0.5", 4000);
    for (int i = 0; i < 10; i++) {
      s.onRtp(rtp(i, i * 160L, 0x5555, 0, new byte[160]), 0, 172, remote, i * 20 * MS);
    }
    pacer.runDue(0);
    runMillis(8000); // first report after 0.5 × [2.5, 7.5] s, then every [2.5, 7.5] s
    List<Sent> rtcp = sent.stream().filter(Sent::rtcp).toList();
    assertThat(rtcp).isNotEmpty().allMatch(x -> x.to().equals(SDP_RTCP));
    List<RtcpPacket> first = RtcpCodec.parse(rtcp.get(0).data(), 0, rtcp.get(0).data().length);
    SenderReport sr = (SenderReport) first.get(0);
    long rtpBefore = sent.subList(0, sent.indexOf(rtcp.get(0))).stream().filter(x -> !x.rtcp()).count();
    assertThat(sr.ssrc()).isEqualTo(s.localSsrc());
    assertThat(sr.packetCount()).isEqualTo(rtpBefore);
    assertThat(sr.octetCount()).isEqualTo(rtpBefore * 160);
    assertThat(sr.ntpTimestamp() >>> 32).isEqualTo(wall.millis() / 1000 + 2_208_988_800L);
    assertThat(sr.reports()).singleElement().satisfies(b -> {
      assertThat(b.ssrc()).isEqualTo(0x5555);
      assertThat(b.extendedHighestSeq()).isEqualTo(9);
      assertThat(b.cumulativeLost()).isZero();
    });
    assertThat(((SourceDescription) first.get(1)).chunks().get(0).cname()).isEqualTo("test@switchboard");

    Peer rtcpFrom = new Peer("10.0.0.5", 4999);
    byte[] theirSr = RtcpCodec.serialize(List.of(new SenderReport(0x5555, 1L << 40, 0, 1, 160, List.of())));
    s.onRtcp(theirSr, 0, theirSr.length, rtcpFrom, now);
    assertThat(s.rtcpTarget()).isEqualTo(rtcpFrom);

    byte[] theirBye = RtcpCodec.serialize(List.of(new RtcpPacket.ReceiverReport(0x5555, List.of()),
        new Bye(List.of(0x5555), "hangup")));
    s.onRtcp(theirBye, 0, theirBye.length, rtcpFrom, now);
    assertThat(byes).containsExactly("hangup");

    sent.clear();
    s.close(now);
    s.close(now);
    runMillis(100);
    assertThat(sent).singleElement().satisfies(x -> {
      assertThat(x.to()).isEqualTo(rtcpFrom);
      List<RtcpPacket> bye = RtcpCodec.parse(x.data(), 0, x.data().length);
      assertThat(bye.get(bye.size() - 1)).isEqualTo(new Bye(List.of(s.localSsrc()), "call ended"));
    });
  }

  @Test
  void inactiveOrRecvonlySessionsSendNoRtp() {
    SessionParams p = new SessionParams(AudioCodec.PCMU, 0, -1, SDP_RTP, SDP_RTCP, false, Direction.RECVONLY,
        STRICT, Duration.ofSeconds(5), "x");
    RtpSession s = new RtpSession(p, new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        sent.add(new Sent(packet, to, false));
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {}
    }, new SessionListener() {}, counters, wall, new Random(1));
    pacer.add(s);
    pacer.runDue(0);
    runMillis(200);
    assertThat(sent).isEmpty();
  }

  @Test
  void withRtcpMuxReportsGoToTheLatchedRtpAddress() throws Exception {
    SessionParams p = new SessionParams(AudioCodec.PCMU, 0, -1, SDP_RTP, SDP_RTP, true, Direction.SENDRECV, STRICT,
        Duration.ofMillis(200), "mux");
    List<Sent> out = sent;
    RtpSession s = new RtpSession(p, new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        out.add(new Sent(packet, to, false));
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {
        out.add(new Sent(packet, to, true));
      }
    }, new SessionListener() {}, counters, wall, new Random(3));
    pacer.add(s);
    Peer natted = new Peer("198.51.100.1", 7000);
    for (int i = 1; i <= 4; i++) { // behind NAT: latched after its probation
      s.onRtp(rtp(i, i * 160L, 0x77, 0, new byte[160]), 0, 172, natted, now);
    }
    pacer.runDue(0);
    runMillis(400);
    List<Sent> rtcp = sent.stream().filter(Sent::rtcp).toList();
    assertThat(rtcp).isNotEmpty().allMatch(x -> x.to().equals(natted));
    assertThat(RtcpCodec.parse(rtcp.get(0).data(), 0, rtcp.get(0).data().length).get(0))
        .isInstanceOf(SenderReport.class);
  }

  /**
   * A transport that sends at once gets every packet in the sending thread's one buffer (no array per packet),
   * and the bytes there are the packet: the same as a copying transport sees.
   */
  @Test
  void aTransportThatSendsAtOnceGetsOneReusedBufferHoldingEachPacket() throws Exception {
    SessionParams p = new SessionParams(AudioCodec.PCMU, 0, -1, SDP_RTP, SDP_RTCP, false, Direction.SENDRECV,
        STRICT, Duration.ofSeconds(5), "reuse");
    java.util.Set<byte[]> buffers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Sent> out = sent;
    RtpSession s = new RtpSession(p, new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        throw new AssertionError("the copying path was taken");
      }

      @Override
      public void sendRtp(byte[] buffer, int len, Peer to) {
        buffers.add(buffer);
        out.add(new Sent(java.util.Arrays.copyOf(buffer, len), to, false));
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {}
    }, new SessionListener() {}, counters, wall, new Random(5));
    pacer.add(s);
    pacer.runDue(0);
    runMillis(200);
    assertThat(sent).hasSizeGreaterThan(5);
    assertThat(buffers).hasSize(1);
    for (int i = 0; i < sent.size(); i++) {
      RtpPacket packet = RtpCodec.parse(sent.get(i).data());
      assertThat(packet.payload()).hasSize(160);
      if (i > 0) {
        assertThat(packet.sequence()).isEqualTo((RtpCodec.parse(sent.get(i - 1).data()).sequence() + 1) & 0xFFFF);
      }
    }
  }
}
