package io.switchboard.webrtc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;

/**
 * The per-packet work of the node's relay toward and from a browser leg, measured alone in this thread's CPU time
 * and heap allocation (issue 20, point 2), each beside the alternatives the issue proposed, in one run, for when the
 * machine is too busy for the bridged-calls benchmark:
 * <ul>
 *   <li>{@code leg send}: {@link IceLeg#sendOwnedRtp} of a 172-byte PCMU packet to a real {@link WebRtcTestPeer}
 *       over loopback (SRTP protect in place + ice4j's {@code Component.send}: its per-packet socket lookup, its
 *       socket layers, the datagram's send), and beside it the floor: the same 188 bytes sent by a plain
 *       {@code DatagramChannel} to a socket read by a thread of its own, and written by a connected one from a
 *       direct buffer (what a connected socket per leg would cost).</li>
 *   <li>{@code protect} / {@code unprotect}: {@link SrtpSession} alone, AEAD_AES_128_GCM as the browsers negotiate it
 *       (jitsi-srtp; its GCM cipher comes from jitsi's OpenSSL provider when libjitsisrtp loads, as here).</li>
 *   <li>GCM alone for one packet (12-byte header as AAD, 160-byte payload): {@code Cipher.init} with a new IV +
 *       {@code updateAAD} + {@code doFinal}, as jitsi-srtp does per packet, with jitsi's OpenSSL provider and with
 *       the JDK's SunJCE; and {@code Cipher.init} alone (the re-initialisation the issue suspected); the OpenSSL
 *       figures also over {@code -Dbench.contexts} (default 300) ciphers used in turn, one per call.</li>
 * </ul>
 * Prints {@code -Dbench.rounds} (default 6) rounds; the last ones are the warm figures.
 *
 * <p>Run: {@code java -cp server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.webrtc.LegSendBenchmark}.
 */
public final class LegSendBenchmark {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private LegSendBenchmark() {}

  /** CPU nanoseconds and bytes allocated per operation on this thread. */
  private record Cost(long nanos, long bytes) {
    @Override
    public String toString() {
      return String.format("%,d ns %,d B", nanos, bytes);
    }
  }

  private interface Op {
    void run(int i) throws Exception;
  }

  private static Cost measure(int n, Op op) throws Exception {
    long t0 = MX.getCurrentThreadCpuTime();
    long b0 = MX.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < n; i++) {
      op.run(i);
    }
    return new Cost((MX.getCurrentThreadCpuTime() - t0) / n, (MX.getCurrentThreadAllocatedBytes() - b0) / n);
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 6);
    int n = Integer.getInteger("bench.packets", 50_000);
    WebRtcNode node = new WebRtcNode(WebRtcOptions.loopback(), Clock.systemUTC(), new SimpleMeterRegistry());
    node.start();
    AtomicLong received = new AtomicLong();
    try (WebRtcTestPeer peer = new WebRtcTestPeer().onRtp((d, o, l) -> received.incrementAndGet())) {
      WebRtcLeg leg = connect(node, peer);
      SrtpSession sender = SrtpSession.create(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, new byte[56], true);
      SrtpSession receiver = SrtpSession.create(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, new byte[56], false);
      Cipher openSsl = new Aes.OpenSSLCipherFactory().createCipher("AES/GCM/NoPadding");
      Cipher sunJce = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
      SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
      // one cipher and key per call, used in turn, as 300 calls' legs do (their state out of the CPU's caches)
      int calls = Integer.getInteger("bench.contexts", 300);
      Cipher[] many = new Cipher[calls];
      SecretKeySpec[] keys = new SecretKeySpec[calls];
      for (int c = 0; c < calls; c++) {
        many[c] = new Aes.OpenSSLCipherFactory().createCipher("AES/GCM/NoPadding");
        byte[] k = new byte[16];
        k[0] = (byte) c;
        k[1] = (byte) (c >> 8);
        keys[c] = new SecretKeySpec(k, "AES");
      }
      byte[] gcm = new byte[200];
      byte[] iv = new byte[12];
      // a sink read by a thread of its own, as the peer's socket is (the peer's is connected to the node's port)
      DatagramChannel sink = DatagramChannel.open();
      sink.bind(new InetSocketAddress("127.0.0.1", 0));
      SocketAddress peerAddress = sink.getLocalAddress();
      Thread sinkReader = new Thread(() -> {
        ByteBuffer b = ByteBuffer.allocateDirect(1500);
        try {
          while (true) {
            b.clear();
            sink.receive(b);
          }
        } catch (IOException closed) {
          // done
        }
      }, "sink");
      sinkReader.setDaemon(true);
      sinkReader.start();
      DatagramChannel plain = DatagramChannel.open();
      plain.bind(new InetSocketAddress("127.0.0.1", 0));
      DatagramChannel connected = DatagramChannel.open();
      connected.bind(new InetSocketAddress("127.0.0.1", 0));
      connected.connect(peerAddress);
      ByteBuffer direct = ByteBuffer.allocateDirect(188);
      int[] seq = {0}; // the leg's stream
      int[] alone = {0}; // the stand-alone sessions' stream
      for (int round = 1; round <= rounds; round++) {
        Cost send = measure(n, i -> leg.sendOwnedRtp(packet(seq[0]++), 172));
        byte[][] protectedPackets = new byte[n][];
        int base = alone[0];
        Cost protect = measure(n, i -> {
          PacketBuffer p = new PacketBuffer(packet(alone[0]++), 0, 172);
          check(sender.protectRtp(p));
          protectedPackets[i] = p.getBuffer();
        });
        Cost unprotect = measure(n, i -> check(receiver.unprotectRtp(new PacketBuffer(protectedPackets[i], 0, 188))));
        Cost array = measure(n, i -> packet(base + i));
        Cost plainSend = measure(n, i -> plain.send(ByteBuffer.wrap(packet(i), 0, 188), peerAddress));
        Cost connectedWrite = measure(n, i -> {
          direct.clear();
          connected.write(direct);
        });
        Cost openSslGcm = measure(n, i -> gcm(openSsl, key, iv, gcm, i));
        Cost sunJceGcm = measure(n, i -> gcm(sunJce, key, iv, gcm, i));
        Cost manyGcm = measure(n, i -> gcm(many[i % calls], keys[i % calls], iv, gcm, i));
        Cost manyInit = measure(n, i -> {
          iv[11] = (byte) i;
          iv[10] = (byte) (i >> 8);
          many[i % calls].init(Cipher.ENCRYPT_MODE, keys[i % calls], new GCMParameterSpec(128, iv));
        });
        Cost openSslInit = measure(n, i -> {
          iv[11] = (byte) i;
          iv[10] = (byte) (i >> 8);
          openSsl.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        });
        System.out.printf("round %d: leg send %s | the same 188 bytes by a plain channel's send %s, "
                + "by a connected channel's write from a direct buffer %s | protect %s, unprotect %s (packet array %s) | "
                + "GCM per packet OpenSSL %s, SunJCE %s; OpenSSL Cipher.init alone %s | over %d ciphers in turn: "
                + "GCM per packet %s, Cipher.init alone %s%n",
            round, send, plainSend, connectedWrite, protect, unprotect, array, openSslGcm, sunJceGcm, openSslInit, calls, manyGcm, manyInit);
      }
      System.out.printf("peer received %,d of %,d packets sent (loopback drops while sending flat out are fine)%n",
          received.get(), (long) rounds * n);
      leg.close();
      plain.close();
      connected.close();
      sink.close();
    } finally {
      node.close();
    }
  }

  private static WebRtcLeg connect(WebRtcNode node, WebRtcTestPeer peer) throws Exception {
    WebRtcLeg.Listener listener = new WebRtcLeg.Listener() {
      @Override
      public void onRtp(byte[] data, int off, int len) {}

      @Override
      public void onConnected() {}

      @Override
      public void onClosed(String reason) {}
    };
    WebRtcLeg leg = node.answer(peer.offer(), listener).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    peer.accept(leg.answerSdp());
    peer.connected().get(20, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (leg.state() != WebRtcLeg.State.CONNECTED) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("leg not connected: " + leg.state());
      }
      Thread.sleep(10);
    }
    return leg;
  }

  /** A PCMU packet as the bridge hands it to the leg: 12-byte header, 160-byte payload, room for the SRTP tag. */
  private static byte[] packet(int seq) {
    byte[] p = new byte[172 + WebRtcLeg.SRTP_TRAILER];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = (byte) (seq >> 16);
    p[11] = 0x42;
    return p;
  }

  private static void gcm(Cipher c, SecretKeySpec key, byte[] iv, byte[] buf, int i) throws Exception {
    iv[11] = (byte) i;
    iv[10] = (byte) (i >> 8);
    iv[9] = (byte) (i >> 16);
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    c.updateAAD(buf, 0, 12);
    c.doFinal(buf, 12, 160, buf, 12);
  }

  private static void check(SrtpErrorStatus s) {
    if (s != SrtpErrorStatus.OK) {
      throw new IllegalStateException("SRTP " + s);
    }
  }
}
