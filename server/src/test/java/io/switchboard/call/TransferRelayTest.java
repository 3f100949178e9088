package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.audio.G711;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relay between a caller (PCMU, telephone-event 101) and the party a flow transferred it to (PCMA, telephone-event
 * 96, or none) with in-memory transports; time driven by hand: each side hears one continuous stream of its own codec,
 * from what its pacer played, through the relayed audio and keys, and back.
 */
class TransferRelayTest {
  static final Peer CALLER = new Peer("192.0.2.10", 4000);
  static final Peer CALLED = new Peer("192.0.2.20", 6000);

  final List<RtpPacket> toCaller = new ArrayList<>();
  final List<RtpPacket> toCalled = new ArrayList<>();
  long now = 1_000_000_000L;
  RtpSession caller;
  RtpSession called;
  TransferRelay relay;

  void setUp(int calledTelephoneEvent) {
    caller = session(CALLER, AudioCodec.PCMU, 0, 101, toCaller, p -> relay.fromCaller(p));
    called = session(CALLED, AudioCodec.PCMA, 8, calledTelephoneEvent, toCalled, p -> relay.fromCalled(p));
    relay = new TransferRelay(caller, called, () -> now);
  }

  private static RtpSession session(Peer peer, AudioCodec codec, int pt, int te, List<RtpPacket> sent,
      java.util.function.Consumer<RtpPacket> received) {
    SessionParams p = new SessionParams(codec, pt, te, peer, new Peer(peer.host(), peer.port() + 1), false,
        Direction.SENDRECV, new SourcePolicy(true, 4), Duration.ofSeconds(5), "t@sb");
    MediaTransport t = new MediaTransport() {
      @Override
      public void sendRtp(byte[] packet, Peer to) {
        try {
          sent.add(RtpCodec.parse(packet));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public void sendRtcp(byte[] packet, Peer to) {}
    };
    return new RtpSession(p, t, new SessionListener() {
      @Override
      public void onRtpPacket(RtpPacket packet) {
        received.accept(packet);
      }
    }, new MediaCounters(), Clock.systemUTC(), new Random(peer.port()));
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      caller.tick(now);
      called.tick(now);
      now += 20_000_000L;
    }
  }

  void from(RtpSession s, Peer peer, int seq, long ts, int pt, byte[] payload) {
    byte[] b = RtpCodec.serialize(RtpPacket.of(false, pt, seq, ts, 0x5EED + peer.port(), payload));
    s.onRtp(b, 0, b.length, peer, now);
    now += 20_000_000L;
  }

  static byte[] ulaw(int v) {
    byte[] b = new byte[160];
    java.util.Arrays.fill(b, G711.linearToUlaw(v));
    return b;
  }

  static byte[] alaw(int v) {
    byte[] b = new byte[160];
    java.util.Arrays.fill(b, G711.linearToAlaw(v));
    return b;
  }

  static void assertContinuous(List<RtpPacket> ps) {
    for (int i = 1; i < ps.size(); i++) {
      RtpPacket a = ps.get(i - 1);
      RtpPacket b = ps.get(i);
      assertThat(b.ssrc()).as("ssrc of packet " + i).isEqualTo(a.ssrc());
      assertThat(b.sequence()).as("seq of packet " + i).isEqualTo((a.sequence() + 1) & 0xFFFF);
      assertThat((int) (b.timestamp() - a.timestamp())).as("ts step of packet " + i).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void eachSideHearsTheOtherInItsOwnCodecAndStreamThenItsPacerAgain() {
    setUp(96);
    ticks(3); // ringback to the caller, silence to the called party
    assertThat(toCaller).hasSize(3);
    assertThat(toCalled).hasSize(3);

    relay.start();
    ticks(2);
    assertThat(toCaller).as("the pacers are quiet while relaying").hasSize(3);
    for (int i = 0; i < 5; i++) {
      from(caller, CALLER, 10 + i, 1600 + 160L * i, 0, ulaw(1000));
      from(called, CALLED, 500 + i, 80_000 + 160L * i, 8, alaw(-2000));
    }
    assertThat(toCalled).hasSize(8);
    assertThat(toCaller).hasSize(8);
    for (RtpPacket p : toCalled.subList(3, 8)) {
      assertThat(p.payloadType()).isEqualTo(8);
      assertThat(p.payload()).as("PCMU transcoded to PCMA").isEqualTo(alaw(G711.ulawToLinear(ulaw(1000)[0])));
    }
    for (RtpPacket p : toCaller.subList(3, 8)) {
      assertThat(p.payloadType()).isEqualTo(0);
      assertThat(p.payload()).isEqualTo(ulaw(G711.alawToLinear(alaw(-2000)[0])));
    }
    assertThat(toCalled.get(3).marker()).as("a new talk spurt").isTrue();

    from(caller, CALLER, 15, 2400, 101, new byte[] {5, 10, 0, (byte) 160});
    assertThat(toCalled.get(8).payloadType()).as("the caller's key, in the called party's PT").isEqualTo(96);

    relay.stop();
    from(caller, CALLER, 16, 2560, 0, ulaw(1000));
    assertThat(toCalled).as("nothing relayed once stopped").hasSize(9);
    ticks(2);
    assertThat(toCaller).hasSize(10);
    assertContinuous(toCaller);
    assertContinuous(toCalled);
  }

  @Test
  void keysAreDroppedTowardAPartyWithoutTelephoneEvents() {
    setUp(-1);
    relay.start();
    from(caller, CALLER, 1, 160, 101, new byte[] {5, 10, 0, (byte) 160});
    from(caller, CALLER, 2, 320, 0, ulaw(500));
    assertThat(toCalled).extracting(RtpPacket::payloadType).containsExactly(8);
  }
}
