package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.MusicOnHold;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.sdp.SdpParser;
import io.switchboard.media.session.SessionListener;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade the SIP layer uses: offer in, answer out, music with announcements on the wire, nothing leaked. */
class MediaNodeIT {
  private Vertx vertx;
  private MediaNode node;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    int base = 30000 + 2 * ThreadLocalRandom.current().nextInt(10000);
    node = new MediaNode(vertx, MediaOptions.defaults().withHosts("127.0.0.1", "127.0.0.1").withPorts(base, base + 99),
        Clock.systemUTC());
    node.start();
  }

  @AfterEach
  void tearDown() {
    node.close();
    vertx.close().await();
  }

  @Test
  void answersAnOfferAndPlaysMusicOnHoldWithAnnouncementsThenReleasesEverything() throws Exception {
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(3000);
      String offer = "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
          + peer.getLocalPort() + " RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
      MediaNode.CallMedia call = node.answer(offer, new SessionListener() {}).await();
      assertThat(call.answerSdp()).contains("m=audio " + call.endpoint().rtpPort() + " RTP/AVP 8 101");
      assertThat(node.portsInUse()).isEqualTo(1);
      call.session().output().switchTo(new MusicOnHold(node.prompts().musicLoop(),
          () -> node.prompts().queueAnnouncement(3, 2), 200, 30_000));
      short[] pcm = new short[160 * 50];
      byte[] buf = new byte[2048];
      for (int i = 0; i < 50; i++) {
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        peer.receive(dp);
        RtpPacket p = RtpCodec.parse(Arrays.copyOf(dp.getData(), dp.getLength()));
        if (p.marker()) {
          i = 0; // the stream starts silent until the switch, which sets the marker: count from there
        }
        assertThat(p.payloadType()).isEqualTo(8); // PCMA: the offerer preferred it
        short[] f = new short[160];
        G711.decodeAlaw(p.payload(), 0, 160, f);
        System.arraycopy(f, 0, pcm, i * 160, 160);
      }
      // 200 ms of music, then the announcement: 300 ms of silence and the first phrase, sample for sample
      assertThat(Goertzel.rms(pcm, 0, 160 * 10)).as("music first").isGreaterThan(300);
      assertThat(Goertzel.rms(pcm, 160 * 10, 160 * 15)).as("pause before the announcement").isLessThan(10);
      short[] phrase = new short[160 * 25];
      io.switchboard.media.audio.ClipSource.once(node.prompts().clip("you-are-caller-number")).nextFrame(phrase);
      for (int i = 0; i < 160; i++) {
        short expected = G711.alawToLinear(G711.linearToAlaw(phrase[i]));
        assertThat(pcm[160 * 25 + i]).as("announcement sample %d", i).isEqualTo(expected);
      }
      assertThat(Goertzel.rms(pcm, 160 * 25, 160 * 25)).as("the phrase is speech").isGreaterThan(300);
      call.close().await();
      call.close().await();
    }
    assertThat(node.activeSessions()).isZero();
    assertThat(node.portsInUse()).isZero();
  }

  @Test
  void ourReOfferIsAppliedByItsAnswerAndAnUnusableAnswerChangesNothing() throws Exception {
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket moved = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      MediaNode.CallMedia call = node.answer(plainOffer(peer.getLocalPort(), "sendrecv"), new SessionListener() {})
          .await();
      String offer = node.reoffer(call, call.answerSdp());
      assertThat(offer).contains("m=audio " + call.endpoint().rtpPort() + " RTP/AVP 0 8 101").contains("a=sendrecv")
          .contains("o=switchboard " + SdpParser.parse(call.answerSdp()).sessionId() + " 2 ");
      assertThat(node.applyAnswer(call, offer, plainOffer(peer.getLocalPort(), "sendonly"))).as("hold").isTrue();
      assertThat(call.session().output().held()).isTrue();
      assertThat(node.applyAnswer(call, offer, plainOffer(peer.getLocalPort(), "sendonly"))).as("same again")
          .isFalse();
      assertThatThrownBy(() -> node.applyAnswer(call, offer, "v=0\r\no=p 1 3 IN IP4 127.0.0.1\r\ns=-\r\n"
          + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n"))
          .isInstanceOf(SdpException.class);
      assertThatThrownBy(() -> node.applyAnswer(call, offer, "")).isInstanceOf(SdpException.class);
      assertThat(call.session().output().held()).as("unchanged by the unusable answers").isTrue();
      assertThat(node.applyAnswer(call, offer, plainOffer(moved.getLocalPort(), "sendrecv"))).isTrue();
      assertThat(call.session().output().held()).as("resumed").isFalse();
      assertThat(call.session().rtpTarget().port()).as("moved").isEqualTo(moved.getLocalPort());
      call.close().await();
    }
  }

  @Test
  void anSrtpReOfferKeepsOurKeyAndAnAnswerWithANewKeyOfTheirsReKeys() throws Exception {
    String key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    String srtpOffer = "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key + "\r\n";
    MediaNode.CallMedia call = node.answer(srtpOffer, new SessionListener() {}).await();
    io.switchboard.media.session.SrtpTransform first = call.endpoint().srtp();
    String offer = node.reoffer(call, call.answerSdp());
    assertThat(offer).contains("RTP/SAVP").contains("inline:" + java.util.Base64.getEncoder().encodeToString(
        concat(first.keys().local().key(), first.keys().local().salt())));
    String same = "v=0\r\no=p 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key + "\r\na=sendonly\r\n";
    assertThat(node.applyAnswer(call, offer, same)).isTrue();
    assertThat(call.endpoint().srtp()).as("same keys both ways: no re-key").isSameAs(first);
    String rekeyed = same.replace(key, "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk").replace("sendonly", "sendrecv");
    assertThat(node.applyAnswer(call, offer, rekeyed)).isTrue();
    assertThat(call.endpoint().srtp()).as("their new key: re-keyed").isNotSameAs(first);
    assertThat(call.endpoint().srtp().keys().local().key()).as("ours kept").containsExactly(first.keys().local().key());
    String plain = same.replace("RTP/SAVP", "RTP/AVP").replaceAll("a=crypto[^\r]*\r\n", "");
    assertThatThrownBy(() -> node.applyAnswer(call, offer, plain)).isInstanceOf(SdpException.class);
    call.close().await();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String plainOffer(int port, String direction) {
    return "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
        + " RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=" + direction + "\r\n";
  }

  @Test
  void brokenOrUnacceptableSdpFailsTypedWithoutTakingAPort() {
    for (String bad : new String[] {"garbage", "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
        + "t=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n"}) {
      Throwable err = node.answer(bad, new SessionListener() {}).cause();
      assertThat(err).isInstanceOf(SdpException.class);
    }
    assertThat(node.portsInUse()).isZero();
    assertThat(node.activeSessions()).isZero();
  }
}
