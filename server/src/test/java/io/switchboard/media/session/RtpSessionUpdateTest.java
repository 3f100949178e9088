package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.sdp.Direction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A re-INVITE's new offer/answer applied to a running session: hold gates output, address and codec change. */
class RtpSessionUpdateTest {
  private static final long MS = 1_000_000L;
  private static final Peer SDP_RTP = new Peer("10.0.0.5", 4000);
  private static final Peer SDP_RTCP = new Peer("10.0.0.5", 4001);

  private record Sent(byte[] data, Peer to, boolean rtcp) {}

  private final List<Sent> sent = new ArrayList<>();
  private final MediaCounters counters = new MediaCounters();
  private final Pacer pacer = new Pacer(() -> 0L, 5);
  private long now;

  private static SessionParams params(AudioCodec codec, int pt, Peer rtp, Peer rtcp, Direction d) {
    return new SessionParams(codec, pt, 101, rtp, rtcp, false, d, new SourcePolicy(true, 4), Duration.ofMillis(100), "t@sb");
  }

  private RtpSession session() {
    RtpSession s = new RtpSession(params(AudioCodec.PCMU, 0, SDP_RTP, SDP_RTCP, Direction.SENDRECV),
        new MediaTransport() {
          @Override
          public void sendRtp(byte[] packet, Peer to) {
            sent.add(new Sent(packet, to, false));
          }

          @Override
          public void sendRtcp(byte[] packet, Peer to) {
            sent.add(new Sent(packet, to, true));
          }
        }, new SessionListener() {}, counters, Clock.systemUTC(), new Random(3));
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

  private List<RtpPacket> rtp() throws Exception {
    List<RtpPacket> out = new ArrayList<>();
    for (Sent s : sent) {
      if (!s.rtcp()) {
        out.add(RtpCodec.parse(s.data()));
      }
    }
    return out;
  }

  @Test
  void holdStopsTheStreamButNotRtcpAndResumeContinuesItWithTheMarker() throws Exception {
    RtpSession s = session();
    s.output().switchTo(tone());
    runMillis(200);
    List<RtpPacket> before = rtp();
    assertThat(before).hasSizeGreaterThanOrEqualTo(9);

    s.update(params(AudioCodec.PCMU, 0, SDP_RTP, SDP_RTCP, Direction.RECVONLY)); // the caller sent a=sendonly
    sent.clear();
    runMillis(1000);
    assertThat(rtp()).as("no RTP while held").isEmpty();
    assertThat(sent).as("RTCP goes on while held").anyMatch(Sent::rtcp);
    assertThat(s.output().held()).isTrue();

    s.update(params(AudioCodec.PCMU, 0, SDP_RTP, SDP_RTCP, Direction.SENDRECV));
    sent.clear();
    runMillis(200);
    List<RtpPacket> after = rtp();
    assertThat(after).hasSizeGreaterThanOrEqualTo(9);
    RtpPacket last = before.get(before.size() - 1);
    RtpPacket first = after.get(0);
    assertThat(first.ssrc()).isEqualTo(last.ssrc());
    assertThat(first.sequence()).as("sequence continues: nothing was sent while held").isEqualTo(last.sequence() + 1);
    assertThat(first.timestamp() - last.timestamp()).as("the media clock ran on while held").isGreaterThan(8000);
    assertThat(first.marker()).isTrue();
  }

  @Test
  void legacyHoldByZeroAddressKeepsTheTargetAndAnAddressChangeMovesTheStream() throws Exception {
    RtpSession s = session();
    s.update(params(AudioCodec.PCMU, 0, new Peer("0.0.0.0", 4000), new Peer("0.0.0.0", 4001), Direction.INACTIVE));
    assertThat(s.rtpTarget()).isEqualTo(SDP_RTP);
    assertThat(s.output().held()).isTrue();

    Peer moved = new Peer("10.0.0.9", 5000);
    s.update(params(AudioCodec.PCMA, 8, moved, new Peer("10.0.0.9", 5001), Direction.SENDRECV));
    sent.clear();
    runMillis(100);
    assertThat(rtp()).isNotEmpty().allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(8));
    assertThat(sent).filteredOn(x -> !x.rtcp()).allMatch(x -> x.to().equals(moved));
    assertThat(s.latched()).isFalse();

    byte[] fromOld = RtpCodec.serialize(RtpPacket.of(false, 8, 1, 1, 0x1234, new byte[160]));
    s.onRtp(fromOld, 0, fromOld.length, new Peer("10.0.0.5", 4000), now);
    assertThat(s.latched()).as("the old host is no longer the SDP's: not latched").isFalse();
    s.onRtp(fromOld, 0, fromOld.length, new Peer("10.0.0.9", 5000), now);
    assertThat(s.latched()).isTrue();
  }

  private static AudioSource tone() {
    short[] frame = ToneGenerator.samples(440, 8000, AudioSource.FRAME_SAMPLES);
    return pcm -> {
      System.arraycopy(frame, 0, pcm, 0, frame.length);
      return true;
    };
  }
}
