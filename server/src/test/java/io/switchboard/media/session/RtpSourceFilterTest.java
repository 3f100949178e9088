package io.switchboard.media.session;

import static io.switchboard.media.session.RtpSourceFilter.Verdict.ACCEPT;
import static io.switchboard.media.session.RtpSourceFilter.Verdict.LATCH;
import static io.switchboard.media.session.RtpSourceFilter.Verdict.PROBATION;
import static io.switchboard.media.session.RtpSourceFilter.Verdict.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.session.RtpSourceFilter.State;
import io.switchboard.media.session.RtpSourceFilter.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict RTP's rule on packets alone: fake addresses, time by hand (20 ms per packet). */
class RtpSourceFilterTest {
  private static final long MS = 1_000_000L;
  private static final Peer SDP = new Peer("203.0.113.5", 4000);
  private static final Peer SDP_RTCP = new Peer("203.0.113.5", 4001);
  private static final Peer NAT = new Peer("198.51.100.7", 61000);
  private static final Peer STRANGER_ADDR = new Peer("192.0.2.66", 5004);
  private static final SourcePolicy STRICT = new SourcePolicy(true, 4);

  private final RtpSourceFilter filter = new RtpSourceFilter(STRICT, SDP, SDP_RTCP, false);
  private long now = 1_000 * MS;

  /** {@code n} packets of one stream from {@code from}, 20 ms apart; their verdicts. */
  private List<Verdict> stream(Peer from, int ssrc, int firstSeq, int n) {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      now += 20 * MS;
      out.add(filter.onRtp(from, ssrc, (firstSeq + i) & 0xFFFF, now));
    }
    return out;
  }

  @Test
  void theSdpAddressIsLatchedOnItsFirstPacket() {
    assertThat(filter.state()).isEqualTo(State.LEARNING);
    assertThat(stream(SDP, 0x1111, 10, 3)).containsExactly(LATCH, ACCEPT, ACCEPT);
    assertThat(filter.latched()).isEqualTo(SDP);
    assertThat(filter.state()).isEqualTo(State.LATCHED);
  }

  @Test
  void aSourceBehindNatIsLatchedAfterItsProbation() {
    assertThat(stream(NAT, 0x2222, 65534, 6)) // the sequence wraps during the probation: still in sequence
        .containsExactly(PROBATION, PROBATION, PROBATION, LATCH, ACCEPT, ACCEPT);
    assertThat(filter.latched()).isEqualTo(NAT);
  }

  @Test
  void probationNeedsConsecutiveInSequencePacketsOfOneStreamFromOneSource() {
    now += 20 * MS;
    assertThat(filter.onRtp(NAT, 0x2222, 100, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x2222, 101, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x2222, 103, now)).as("a gap restarts").isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x2222, 104, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x2222, 105, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x3333, 106, now)).as("another SSRC restarts").isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x3333, 107, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x3333, 108, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(STRANGER_ADDR, 0x3333, 109, now)).as("another source restarts").isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x3333, 110, now)).isEqualTo(PROBATION);
    assertThat(filter.onRtp(NAT, 0x3333, 110, now)).as("a duplicate restarts").isEqualTo(PROBATION);
    assertThat(filter.latched()).isNull();
    assertThat(List.of(filter.onRtp(NAT, 0x3333, 111, now), filter.onRtp(NAT, 0x3333, 112, now),
        filter.onRtp(NAT, 0x3333, 113, now))).containsExactly(PROBATION, PROBATION, LATCH);
  }

  @Test
  void twoSendersThatInterleaveNeverLatch() {
    for (int i = 0; i < 200; i++) {
      now += 10 * MS;
      assertThat(filter.onRtp(i % 2 == 0 ? NAT : STRANGER_ADDR, i % 2 == 0 ? 0x2222 : 0x6666, i / 2, now))
          .isEqualTo(PROBATION);
    }
    assertThat(filter.latched()).isNull();
  }

  @Test
  void aStrangerWhoSendsFirstLosesTheMediaToTheCallersFirstPacketForGood() {
    assertThat(stream(STRANGER_ADDR, 0x6666, 1, 5)).containsExactly(PROBATION, PROBATION, PROBATION, LATCH, ACCEPT);
    assertThat(filter.latched()).as("before the caller speaks a stranger looks like NAT").isEqualTo(STRANGER_ADDR);
    now += 5 * MS;
    assertThat(filter.onRtp(SDP, 0x1111, 500, now)).isEqualTo(LATCH);
    assertThat(filter.latched()).isEqualTo(SDP);
    int seq = 6;
    for (int i = 0; i < 500; i++) { // 10 s: the caller every 20 ms, the stranger floods in sequence in between
      now += 20 * MS;
      assertThat(filter.onRtp(SDP, 0x1111, 501 + i, now)).isEqualTo(ACCEPT);
      for (int k = 0; k < 10; k++) {
        assertThat(filter.onRtp(STRANGER_ADDR, 0x6666, seq++, now + k * MS)).isEqualTo(STRANGER);
      }
    }
    assertThat(filter.latched()).isEqualTo(SDP);
  }

  @Test
  void theSdpAddressTakesTheMediaBackFromASourceLatchedByProbation() {
    stream(NAT, 0x2222, 1, 4);
    assertThat(filter.latched()).isEqualTo(NAT);
    assertThat(stream(SDP, 0x1111, 1, 2)).containsExactly(LATCH, ACCEPT);
    assertThat(stream(NAT, 0x2222, 5, 3)).containsOnly(STRANGER);
  }

  @Test
  void onceLatchedTheSameSsrcFromAnotherSourceIsNeverFollowed() {
    stream(SDP, 0x1111, 1, 5);
    now += 10_000 * MS; // long silence, then a "rebinding" with the latched SSRC: its SSRC is no secret
    assertThat(stream(NAT, 0x1111, 6, 50)).containsOnly(STRANGER);
    assertThat(filter.latched()).isEqualTo(SDP);
  }

  @Test
  void aNewSsrcFromAnotherSourceRelearnsOnlyAfterTheLatchedSourceFellSilent() {
    stream(SDP, 0x1111, 1, 5);
    for (int i = 0; i < 100; i++) { // interleaved with the live latched source: strangers
      now += 20 * MS;
      assertThat(filter.onRtp(SDP, 0x1111, 6 + i, now)).isEqualTo(ACCEPT);
      assertThat(filter.onRtp(NAT, 0x2222, i, now + MS)).isEqualTo(STRANGER);
    }
    List<Verdict> v = stream(NAT, 0x2222, 100, 60); // the latched source is silent from now on: 20 ms, 40 ms, ...
    int firstProbation = v.indexOf(PROBATION);
    assertThat(firstProbation).as("strangers until 1 s of silence").isEqualTo(49);
    assertThat(v.subList(0, 49)).containsOnly(STRANGER);
    assertThat(v.subList(49, 53)).containsExactly(PROBATION, PROBATION, PROBATION, LATCH);
    assertThat(v.subList(53, 60)).containsOnly(ACCEPT);
    assertThat(filter.latched()).isEqualTo(NAT);
  }

  @Test
  void expectingAnotherAddressStartsOverAndTheSameAddressChangesNothing() {
    stream(NAT, 0x2222, 1, 4);
    assertThat(filter.expect(SDP, SDP_RTCP)).isFalse();
    assertThat(filter.latched()).as("a refresh with the same SDP keeps the NAT source").isEqualTo(NAT);
    Peer moved = new Peer("203.0.113.9", 6000);
    assertThat(filter.expect(moved, new Peer("203.0.113.9", 6001))).isTrue();
    assertThat(filter.state()).isEqualTo(State.LEARNING);
    assertThat(filter.latched()).isNull();
    assertThat(stream(SDP, 0x1111, 1, 1)).as("the old address is just another source now").containsExactly(PROBATION);
    assertThat(stream(moved, 0x7777, 1, 2)).containsExactly(LATCH, ACCEPT);
  }

  @Test
  void aProbationOfOneLatchesTheFirstPacketAndNotStrictFollowsEverySource() {
    RtpSourceFilter one = new RtpSourceFilter(new SourcePolicy(true, 1), SDP, SDP_RTCP, false);
    assertThat(one.onRtp(NAT, 1, 1, now)).isEqualTo(LATCH);
    assertThat(one.onRtp(STRANGER_ADDR, 2, 1, now)).isEqualTo(STRANGER);

    RtpSourceFilter open = new RtpSourceFilter(new SourcePolicy(false, 4), SDP, SDP_RTCP, false);
    assertThat(open.state()).isEqualTo(State.OPEN);
    assertThat(open.onRtp(NAT, 1, 1, now)).isEqualTo(LATCH);
    assertThat(open.onRtp(NAT, 1, 2, now)).isEqualTo(ACCEPT);
    assertThat(open.onRtp(STRANGER_ADDR, 2, 1, now)).isEqualTo(LATCH);
    assertThat(open.latched()).isEqualTo(STRANGER_ADDR);
    assertThat(open.acceptsRtcp(new Peer("192.0.2.1", 9), false, 0)).isTrue();
  }

  @Test
  void rtcpIsTheExpectedAddresssOrTheLatchedSourcesOnly() {
    assertThat(filter.acceptsRtcp(SDP_RTCP, true, 0x1111)).isTrue();
    assertThat(filter.acceptsRtcp(new Peer("198.51.100.7", 61001), true, 0x2222)).as("nothing latched").isFalse();
    assertThat(filter.rtcpTarget()).isEqualTo(SDP_RTCP);

    stream(NAT, 0x2222, 1, 4);
    assertThat(filter.rtcpTarget()).as("until its RTCP arrives").isEqualTo(SDP_RTCP);
    assertThat(filter.acceptsRtcp(new Peer("198.51.100.7", 61001), false, 0)).isTrue();
    assertThat(filter.acceptsRtcp(new Peer("198.51.100.7", 40000), true, 0x2222)).as("NAT-mapped, its SSRC")
        .isTrue();
    assertThat(filter.acceptsRtcp(new Peer("198.51.100.7", 40000), true, 0x9999)).isFalse();
    assertThat(filter.acceptsRtcp(new Peer("198.51.100.7", 40000), false, 0)).isFalse();
    assertThat(filter.acceptsRtcp(STRANGER_ADDR, true, 0x2222)).as("the right SSRC from elsewhere").isFalse();
    assertThat(filter.acceptsRtcp(SDP_RTCP, true, 0x1111)).as("the SDP's RTCP address stays the peer's").isTrue();

    RtpSourceFilter mux = new RtpSourceFilter(STRICT, SDP, SDP, true);
    assertThat(mux.acceptsRtcp(SDP, true, 1)).isTrue();
    assertThat(mux.acceptsRtcp(new Peer("203.0.113.5", 4001), true, 1)).isFalse();
    for (int i = 0; i < 4; i++) {
      mux.onRtp(NAT, 0x2222, i, now);
    }
    assertThat(mux.rtcpTarget()).isEqualTo(NAT);
    assertThat(mux.acceptsRtcp(NAT, true, 0x2222)).isTrue();
    assertThat(mux.acceptsRtcp(new Peer("198.51.100.7", 61001), true, 0x2222)).isFalse();
  }
}
