package io.switchboard.webrtc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * A browser stand-in for tests and benchmarks: makes a Chrome-like offer (UDP/TLS/RTP/SAVPF, PCMU 0 +
 * telephone-event 126, BUNDLE, rtcp-mux, actpass, sha-256 fingerprint), takes the node's answer, runs ICE as the
 * CONTROLLING agent toward the answer's one host candidate (hand-written STUN: checks with USE-CANDIDATE every
 * 50 ms until answered, and it answers the node's checks and consent checks), then a bctls DTLS 1.2 client and
 * jitsi-srtp. {@link #sendRtp} takes plain RTP and protects it; received RTP is unprotected and handed to the sink
 * (default: a bounded queue, {@link #received()}).
 *
 * <p>Usage: {@code peer.offer()} → give it to {@link WebRtcEndpoint#answer} → {@code peer.accept(answerSdp)} →
 * {@code peer.connected().get(...)}. Each peer has its own UDP port; threads are shared through
 * {@link PeerNetwork}. Thread-safe.
 */
public final class WebRtcTestPeer implements AutoCloseable {
  /** Receives unprotected RTP; called on the shared receive thread: do not block. */
  public interface RtpSink {
    void onRtp(byte[] data, int off, int len);
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int[] CHROME_PROFILES = {
      SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM};
  /** One certificate for all peers: generating EC keys per peer would only slow a benchmark down. */
  private static final DtlsIdentity IDENTITY = DtlsIdentity.generate("webrtc-test-peer");
  private static final ThreadLocal<SendScratch> SEND_SCRATCH = ThreadLocal.withInitial(SendScratch::new);

  private final PeerNetwork net;
  private final String ufrag = random(8);
  private final String pwd = random(24);
  private final long tieBreaker = RANDOM.nextLong();
  private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(4096);
  private final CompletableFuture<Void> connected = new CompletableFuture<>();
  private final Object dtlsReadLock = new Object();
  private volatile RtpSink sink = this::enqueue;
  private volatile int[] profiles = CHROME_PROFILES;
  private volatile boolean wrongFingerprint;
  private volatile boolean silent;
  private volatile boolean closed;
  private volatile DatagramChannel channel;
  private volatile QueueTransport transport;
  private volatile PeerDtlsClient client;
  private volatile DTLSTransport dtls;
  private volatile SrtpSession srtp;
  private volatile boolean iceDone;
  private volatile ScheduledFuture<?> checks;
  private String remoteUfrag;
  private String remotePwd;
  private InetSocketAddress remote;

  public WebRtcTestPeer() {
    this(PeerNetwork.shared());
  }

  public WebRtcTestPeer(PeerNetwork net) {
    this.net = net;
  }

  /** Offer a fingerprint that does not match our certificate (the node must refuse the handshake). */
  public WebRtcTestPeer withWrongFingerprint() {
    wrongFingerprint = true;
    return this;
  }

  /** Only these use_srtp profiles (SRTPProtectionProfile constants). */
  public WebRtcTestPeer withSrtpProfiles(int... p) {
    profiles = p.clone();
    return this;
  }

  /** Where unprotected RTP goes instead of {@link #received()}. */
  public WebRtcTestPeer onRtp(RtpSink s) {
    sink = s;
    return this;
  }

  /** A Chrome-like offer. */
  public String offer() {
    String fp = IDENTITY.fingerprint();
    if (wrongFingerprint) {
      fp = (fp.startsWith("00") ? "11" : "00") + fp.substring(2);
    }
    long ssrc = RANDOM.nextInt() & 0xffffffffL;
    return String.join("\r\n",
        "v=0", "o=- " + (RANDOM.nextLong() & Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
        "a=group:BUNDLE 0", "a=extmap-allow-mixed", "a=msid-semantic: WMS peer",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110 126", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:" + ufrag, "a=ice-pwd:" + pwd, "a=ice-options:trickle",
        "a=fingerprint:sha-256 " + fp, "a=setup:actpass", "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=sendrecv", "a=msid:peer peer-audio",
        "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:110 telephone-event/48000",
        "a=rtpmap:126 telephone-event/8000", "a=ssrc:" + ssrc + " cname:peer", "") ;
  }

  /** Takes the node's answer and starts ICE, then DTLS. Returns at once; see {@link #connected()}. */
  public void accept(String answerSdp) throws IOException {
    String fingerprint = null;
    String setup = null;
    for (String line : answerSdp.split("\r?\n")) {
      if (line.startsWith("a=ice-ufrag:")) {
        remoteUfrag = line.substring(12).trim();
      } else if (line.startsWith("a=ice-pwd:")) {
        remotePwd = line.substring(10).trim();
      } else if (line.startsWith("a=fingerprint:sha-256 ")) {
        fingerprint = line.substring(22).trim();
      } else if (line.startsWith("a=setup:")) {
        setup = line.substring(8).trim();
      } else if (line.startsWith("a=candidate:") && remote == null) {
        String[] c = line.substring(12).split(" ");
        if (c.length >= 8 && c[2].equalsIgnoreCase("udp") && c[7].equals("host")) {
          remote = new InetSocketAddress(InetAddress.getByName(c[4]), Integer.parseInt(c[5]));
        }
      }
    }
    if (remoteUfrag == null || remotePwd == null || fingerprint == null || remote == null
        || !"passive".equals(setup)) {
      throw new IOException("answer lacks ice-ufrag, ice-pwd, fingerprint, setup:passive or a host candidate");
    }
    client = new PeerDtlsClient(IDENTITY, fingerprint, profiles);
    channel = net.open(this, remote);
    transport = new QueueTransport(this::sendRaw);
    net.register(this);
    long priority = (110L << 24) | (65535L << 8) | 255; // peer-reflexive type preference (RFC 8445 5.1.2.1)
    checks = net.timer().scheduleAtFixedRate(() -> {
      if (!iceDone && !silent && !closed) {
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        sendQuietly(Stun.request(tx, remoteUfrag + ":" + ufrag, remotePwd, tieBreaker, priority));
      }
    }, 0, 50, TimeUnit.MILLISECONDS);
    if (iceDone) {
      checks.cancel(false); // answered before the future was stored
    }
  }

  /** Completes when SRTP keys are ready; fails when the DTLS handshake failed. */
  public CompletableFuture<Void> connected() {
    return connected;
  }

  /** Protects and sends one plain RTP packet. Dropped unless connected (or when silent). */
  public void sendRtp(byte[] data, int off, int len) {
    SrtpSession s = srtp;
    if (s == null || silent || closed) {
      return;
    }
    SendScratch x = SEND_SCRATCH.get();
    PacketBuffer p = x.load(data, off, len);
    try {
      if (s.protectRtp(p) == SrtpErrorStatus.OK) {
        DatagramChannel ch = channel;
        if (ch != null && !silent) {
          ch.write(x.wrap());
        }
      }
    } catch (Exception e) {
      // a test's packet lost: the assertions on what arrived will tell
    }
  }

  /**
   * A sending thread's packet being protected (protect appends the tag in place) and a ByteBuffer over it, both
   * reused from packet to packet: the benchmark's pacers protect thousands of packets a second.
   */
  private static final class SendScratch {
    private PacketBuffer p = new PacketBuffer(new byte[2048], 0, 0);
    private ByteBuffer wrap = ByteBuffer.wrap(p.getBuffer());

    PacketBuffer load(byte[] data, int off, int len) {
      if (p.getBuffer().length < len + PacketBuffer.TRAILER) {
        p = PacketBuffer.copyOf(data, off, len);
      } else {
        System.arraycopy(data, off, p.getBuffer(), 0, len);
        p.setOffset(0);
        p.setLength(len);
      }
      return p;
    }

    /** The protected packet as a ByteBuffer (re-wrapped only if protect had to grow the array). */
    ByteBuffer wrap() {
      if (wrap.array() != p.getBuffer()) {
        wrap = ByteBuffer.wrap(p.getBuffer());
      }
      wrap.limit(p.getOffset() + p.getLength()).position(p.getOffset());
      return wrap;
    }
  }

  /** Plain RTP received (when no other sink is set); holds at most 4096 packets, newer ones are dropped. */
  public BlockingQueue<byte[]> received() {
    return received;
  }

  /** Stops sending and answering anything, like a browser whose network went away. */
  public void goSilent() {
    silent = true;
  }

  /** The negotiated use_srtp profile, or -1. */
  public int srtpProfile() {
    PeerDtlsClient c = client;
    return c == null ? -1 : c.profile();
  }

  /** Whether the node sent a DTLS close_notify. */
  public boolean closeNotifyReceived() {
    PeerDtlsClient c = client;
    return c != null && c.closeNotifyReceived();
  }

  DatagramChannel channel() {
    return channel;
  }

  /**
   * Shared receive thread: {@code rx} is that thread's buffer holding one datagram at offset 0, reused for the next
   * one (SRTP is unprotected in place in it; copy what you keep).
   */
  void onDatagram(PacketBuffer rx) {
    if (silent || closed) {
      return;
    }
    byte[] d = rx.getBuffer();
    int len = rx.getLength();
    if (Stun.isStun(d, len)) {
      onStun(d, len);
      return;
    }
    switch (Demux.of(d, 0, len)) {
      case DTLS -> {
        transport.offer(d, 0, len);
        if (dtls != null) {
          net.dtls().execute(this::readDtls);
        }
      }
      case RTP -> onSrtp(rx);
      default -> { }
    }
  }

  private void onStun(byte[] d, int len) {
    int type = Stun.type(d);
    if (type == Stun.BINDING_REQUEST) {
      sendQuietly(Stun.success(Stun.transactionId(d), remote, pwd));
    } else if (type == Stun.BINDING_SUCCESS && !iceDone) {
      iceDone = true;
      ScheduledFuture<?> c = checks;
      if (c != null) {
        c.cancel(false); // it would only skip from now on: a thousand idle 50 ms tasks cost the timer thread ~13 %
      }
      net.dtls().execute(this::handshake);
    }
  }

  private void onSrtp(PacketBuffer p) {
    SrtpSession s = srtp;
    if (s == null) {
      return;
    }
    try {
      if (s.unprotectRtp(p) == SrtpErrorStatus.OK) {
        sink.onRtp(p.getBuffer(), p.getOffset(), p.getLength());
      }
    } catch (Exception e) {
      // counted as lost by the test
    }
  }

  private void enqueue(byte[] data, int off, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    received.offer(copy);
  }

  private void handshake() {
    try {
      DTLSTransport t = new DTLSClientProtocol().connect(client, transport);
      srtp = client.srtp();
      dtls = t;
      connected.complete(null);
    } catch (IOException | RuntimeException e) {
      connected.completeExceptionally(e);
    }
  }

  private void readDtls() {
    byte[] buf = new byte[1500];
    synchronized (dtlsReadLock) {
      try {
        while (transport.hasPending() && !closed) {
          dtls.receive(buf, 0, buf.length, 1);
        }
      } catch (IOException e) {
        // closed by the node
      }
    }
  }

  private void sendRaw(byte[] buf, int off, int len) throws IOException {
    DatagramChannel ch = channel;
    if (ch != null && !silent) {
      ch.write(ByteBuffer.wrap(buf, off, len));
    }
  }

  private void sendQuietly(byte[] msg) {
    try {
      sendRaw(msg, 0, msg.length);
    } catch (IOException e) {
      // UDP: a lost check is retried
    }
  }

  /** Sends close_notify when connected, then frees the socket. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    DTLSTransport t = dtls;
    if (t != null && !silent) {
      try {
        t.close();
      } catch (IOException | RuntimeException e) {
        // best effort
      }
    }
    closed = true;
    ScheduledFuture<?> c = checks;
    if (c != null) {
      c.cancel(false);
    }
    if (transport != null) {
      transport.close();
    }
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static String random(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
    }
    return sb.toString();
  }
}
