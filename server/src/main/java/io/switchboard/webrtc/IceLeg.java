package io.switchboard.webrtc;

import io.switchboard.media.session.MediaLoop;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.util.Buffer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser leg (see {@link WebRtcLeg} for the states). Threads: ice4j's one receive thread calls
 * {@link #onBuffer} (demux; SRTP unprotect and listener.onRtp there too, or on the listener's
 * {@link Listener#rtpExecutor} when it names one: never blocks); the DTLS handshake runs on a node
 * worker thread started when the first ICE pair validates; post-handshake DTLS records (close_notify) are read on
 * a worker too; {@link #check} runs on the node's timer thread; {@link #sendRtp} on any thread.
 */
final class IceLeg implements WebRtcLeg {
  private static final Logger LOG = LoggerFactory.getLogger(IceLeg.class);

  private final WebRtcNode node;
  private final WebRtcOffer offer;
  private final Listener listener;
  private final Executor rtpExecutor;
  private final Agent agent;
  private final Component component;
  private final String answerSdp;
  private final QueueTransport transport;
  private final DtlsServer dtlsServer;
  private final long startedAt;
  private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
  private final AtomicBoolean handshakeStarted = new AtomicBoolean();
  private final Object dtlsReadLock = new Object();
  private volatile boolean iceValidated;
  private volatile long lastHeard;
  private volatile DTLSTransport dtls;
  private volatile SrtpSession srtp;

  IceLeg(WebRtcNode node, WebRtcOffer offer, Listener listener) throws IOException {
    this.node = node;
    this.offer = offer;
    this.listener = listener;
    this.rtpExecutor = listener.rtpExecutor();
    this.startedAt = node.nowMillis();
    this.lastHeard = startedAt;
    this.transport = new QueueTransport(this::sendRaw);
    this.dtlsServer = new DtlsServer(node.identity(), offer.fingerprint(),
        (int) node.options().connectTimeout().toMillis(), this::onAlert);
    Agent a = new Agent();
    try {
      a.setControlling(false);
      a.setUseDynamicPorts(false);
      a.setPerformConsentFreshness(true);
      a.addCandidateHarvester(node.harvester());
      IceMediaStream stream = a.createMediaStream("audio-" + offer.mid());
      this.component = a.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
      stream.setRemoteUfrag(offer.iceUfrag());
      stream.setRemotePassword(offer.icePwd());
      LocalCandidate local = component.getLocalCandidates().stream().findFirst()
          .orElseThrow(() -> new IOException("the shared ICE harvester gave no candidate"));
      component.setBufferCallback(this::onBuffer);
      stream.addPairChangeListener(this::onPairChange);
      a.addStateChangeListener(this::onIceState);
      this.answerSdp = WebRtcAnswer.build(offer, a.getLocalUfrag(), a.getLocalPassword(),
          node.identity().fingerprint(), node.options().advertisedAddress(), node.port(), local.getPriority(),
          node.sessionId());
      this.agent = a;
      a.startConnectivityEstablishment();
    } catch (IOException | RuntimeException e) {
      a.free();
      throw e;
    }
  }

  @Override
  public String answerSdp() {
    return answerSdp;
  }

  @Override
  public int audioPayloadType() {
    return 0;
  }

  @Override
  public int telephoneEventPayloadType() {
    return offer.telephoneEventPt();
  }

  @Override
  public State state() {
    return state.get();
  }

  /**
   * ice4j receive thread: a non-STUN datagram from the browser. The buffer is ours after the call, and goes back
   * to {@link IceBuffers} once read: here, or after the hand-over for RTP.
   */
  private void onBuffer(Buffer b) {
    boolean handedOver = false;
    try {
      if (state.get() == State.CLOSED) {
        return;
      }
      lastHeard = node.nowMillis();
      byte[] data = b.getBuffer();
      int off = b.getOffset();
      int len = b.getLength();
      switch (Demux.of(data, off, len)) {
        case DTLS -> onDtls(data, off, len);
        case RTP -> handedOver = onRtpDatagram(b);
        case RTCP -> onSrtcp(data, off, len);
        default -> node.counters().drop();
      }
    } finally {
      if (!handedOver) {
        IceBuffers.recycle(b);
      }
    }
  }

  private void onDtls(byte[] data, int off, int len) {
    if (!transport.offer(data, off, len)) {
      node.counters().drop();
    } else if (dtls != null) {
      node.run(this::readDtls);
    }
  }

  /**
   * On the listener's executor when it names one (no copy: the buffer travels with the task, which recycles it),
   * else right here; right here too when that executor is the media loop reading the port.
   *
   * @return whether the buffer was handed over (recycled by the task, not by the caller)
   */
  private boolean onRtpDatagram(Buffer b) {
    Executor e = rtpExecutor;
    if (e == null || (e instanceof MediaLoop.Deferred d && d.inLoop())) {
      // no executor, or read on the listener's own loop (webrtc.harvester=loops): no hand-off
      onSrtp(b.getBuffer(), b.getOffset(), b.getLength());
      return false;
    }
    try {
      e.execute(() -> {
        try {
          onSrtp(b.getBuffer(), b.getOffset(), b.getLength());
        } finally {
          IceBuffers.recycle(b);
        }
      });
      return true;
    } catch (RejectedExecutionException closing) {
      node.counters().drop();
      return false;
    }
  }

  private void onSrtp(byte[] data, int off, int len) {
    SrtpSession s = srtp;
    if (s == null || state.get() != State.CONNECTED) {
      node.counters().drop();
      return;
    }
    PacketBuffer p = new PacketBuffer(data, off, len);
    try {
      SrtpErrorStatus st = s.unprotectRtp(p);
      if (st != SrtpErrorStatus.OK) {
        node.counters().authFailure();
        return;
      }
    } catch (Exception e) {
      node.counters().authFailure();
      return;
    }
    try {
      listener.onRtp(p.getBuffer(), p.getOffset(), p.getLength());
    } catch (RuntimeException e) {
      LOG.warn("webrtc listener failed in onRtp error={}", e.toString());
    }
  }

  /** RTCP from the browser is only authenticated and counted: call control does not use it. */
  private void onSrtcp(byte[] data, int off, int len) {
    SrtpSession s = srtp;
    if (s == null) {
      node.counters().drop();
      return;
    }
    try {
      if (s.unprotectRtcp(new PacketBuffer(data, off, len)) == SrtpErrorStatus.OK) {
        node.counters().rtcp();
      } else {
        node.counters().authFailure();
      }
    } catch (Exception e) {
      node.counters().authFailure();
    }
  }

  private void onPairChange(PropertyChangeEvent e) {
    String p = e.getPropertyName();
    if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(p)) {
      iceValidated = true;
      if (handshakeStarted.compareAndSet(false, true) && state.get() == State.CONNECTING) {
        node.run(this::handshake);
      }
    } else if (IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(p)) {
      lastHeard = node.nowMillis();
    }
  }

  private void onIceState(PropertyChangeEvent e) {
    if (e.getNewValue() == IceProcessingState.FAILED) {
      node.run(() -> close("ice-timeout")); // not inside ice4j's own event dispatch
    }
  }

  /** Worker thread: blocks until the handshake is done or failed (bctls retransmits by itself). */
  private void handshake() {
    try {
      DTLSTransport t = new DTLSServerProtocol().accept(dtlsServer, transport);
      srtp = dtlsServer.srtp();
      dtls = t;
      if (state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
        LOG.debug("webrtc leg connected ms={}", node.nowMillis() - startedAt);
        safely(listener::onConnected);
        if (transport.hasPending()) {
          readDtls();
        }
      } else {
        t.close();
      }
    } catch (IOException | RuntimeException e) {
      if (state.get() != State.CLOSED) {
        LOG.info("webrtc dtls failed error={}", e.toString());
      }
      close("dtls-failed");
    }
  }

  /** Worker thread: lets bctls process records after the handshake (alerts end up in {@link #onAlert}). */
  private void readDtls() {
    byte[] buf = new byte[1500];
    synchronized (dtlsReadLock) {
      try {
        while (transport.hasPending() && state.get() == State.CONNECTED) {
          dtls.receive(buf, 0, buf.length, 1);
        }
      } catch (IOException e) {
        close("remote-closed");
      }
    }
  }

  private void onAlert(short level, short description) {
    if (description == AlertDescription.close_notify || level == AlertLevel.fatal) {
      node.run(() -> close("remote-closed"));
    }
  }

  @Override
  public void sendRtp(byte[] data, int off, int len) {
    SrtpSession s = sendingSession(len);
    if (s != null) {
      protectAndSend(s, PacketBuffer.copyOf(data, off, len));
    }
  }

  @Override
  public void sendOwnedRtp(byte[] packet, int len) {
    if (packet.length - len < PacketBuffer.TRAILER) {
      sendRtp(packet, 0, len);
      return;
    }
    SrtpSession s = sendingSession(len);
    if (s != null) {
      protectAndSend(s, new PacketBuffer(packet, 0, len));
    }
  }

  /** The SRTP session to protect a packet of {@code len} bytes with, or null (counted) when it cannot go out. */
  private SrtpSession sendingSession(int len) {
    SrtpSession s = srtp;
    if (s == null || state.get() != State.CONNECTED || len < 12) {
      node.counters().sendDrop();
      return null;
    }
    return s;
  }

  private void protectAndSend(SrtpSession s, PacketBuffer p) {
    try {
      if (s.protectRtp(p) != SrtpErrorStatus.OK) {
        node.counters().sendDrop();
        return;
      }
      component.send(p.getBuffer(), p.getOffset(), p.getLength());
    } catch (Exception e) {
      node.counters().sendDrop();
    }
  }

  private void sendRaw(byte[] buf, int off, int len) throws IOException {
    component.send(buf, off, len);
  }

  /** Timer thread: closes the leg when one of our deadlines passed. */
  void check(long now) {
    String why = LegTimers.verdict(state.get(), now, startedAt, lastHeard, iceValidated,
        node.options().connectTimeout().toMillis(), node.options().consentTimeout().toMillis());
    if (why != null) {
      close(why);
    }
  }

  @Override
  public void close() {
    close("closed");
  }

  void close(String reason) {
    State was = state.getAndSet(State.CLOSED);
    if (was == State.CLOSED) {
      return;
    }
    DTLSTransport t = dtls;
    if (t != null && !"remote-closed".equals(reason)) {
      try {
        t.close(); // sends close_notify
      } catch (IOException | RuntimeException e) {
        LOG.debug("webrtc close_notify not sent error={}", e.toString());
      }
    }
    transport.close();
    agent.free();
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
    srtp = null;
    node.removed(this, reason);
    LOG.info("webrtc leg closed reason={} was={} ms={}", reason, was, node.nowMillis() - startedAt);
    try {
      listener.onClosed(reason);
    } catch (RuntimeException e) {
      LOG.warn("webrtc listener failed in onClosed error={}", e.toString());
    }
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("webrtc listener failed error={}", e.toString());
    }
  }
}
