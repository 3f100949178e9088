package io.switchboard.webrtc;

import java.util.concurrent.Executor;

/**
 * One agent browser's media leg, terminated in this node: ICE (full agent, controlled role, on the node's one
 * WebRTC UDP port), DTLS-SRTP (we are the DTLS server, {@code a=setup:passive}), BUNDLE + rtcp-mux, PCMU and
 * telephone-event. The rest of the node sees plain RTP only: {@link #sendRtp} protects, {@link Listener#onRtp}
 * receives already-unprotected packets.
 *
 * <pre>
 *   answer() ──► CONNECTING ──(ICE pair validated, DTLS done, SRTP keys ready)──► CONNECTED
 *                    │                                                              │
 *                    └──(ICE timeout, DTLS failure, close())──► CLOSED ◄──(consent expired,
 *                                                                         close_notify, close())
 * </pre>
 * <ul>
 *   <li>CONNECTING: the answer is out; ICE checks and the DTLS handshake are under way; nothing is sent.</li>
 *   <li>CONNECTED: SRTP keys are ready; media flows both ways.</li>
 *   <li>CLOSED: terminal; the ICE agent is freed, keys are dropped, {@link Listener#onClosed} was called once.</li>
 * </ul>
 */
public interface WebRtcLeg {

  enum State { CONNECTING, CONNECTED, CLOSED }

  /** Events of one leg. Callbacks may run on the media receive thread: they must not block. */
  interface Listener {
    /**
     * An unprotected RTP packet from the browser (audio in {@link #audioPayloadType()} or a telephone-event). The
     * bytes are only valid during the call: copy what you keep.
     */
    void onRtp(byte[] data, int off, int len);

    /**
     * Where {@link #onRtp} runs, SRTP unprotect included: null (the default) on the leg's receive thread; else each
     * packet is handed to this executor, in order. The node's one WebRTC receive thread then only reads and
     * demultiplexes, and the per-packet work spreads over the executors (the callers' media loops).
     */
    default Executor rtpExecutor() {
      return null;
    }

    /** ICE and DTLS are done and SRTP keys are ready: media flows. Called at most once. */
    void onConnected();

    /**
     * The leg is CLOSED for good. {@code reason}: {@code closed} (by {@link #close()}), {@code ice-timeout},
     * {@code consent-expired} (no packet from the browser for the consent timeout), {@code dtls-failed}
     * (including a certificate that does not match the offer's fingerprint) or {@code remote-closed} (DTLS
     * close_notify). Called exactly once, from any thread.
     */
    void onClosed(String reason);
  }

  /** Our SDP answer for the browser (ufrag/pwd, fingerprint, setup:passive, our one host candidate). */
  String answerSdp();

  /** Payload type of PCMU toward the browser (always 0). */
  int audioPayloadType();

  /** The browser's telephone-event/8000 payload type from its offer, or -1 when it offered none. */
  int telephoneEventPayloadType();

  /**
   * Protects and sends one plain RTP packet (header already final: our SSRC, sequence, timestamp). Dropped
   * (and counted) unless CONNECTED. Thread-safe; never blocks.
   */
  void sendRtp(byte[] data, int off, int len);

  /** Bytes {@link #sendOwnedRtp} needs free after a packet: SRTP's tag (16 for GCM) or SRTCP's index and tag. */
  int SRTP_TRAILER = 32;

  /**
   * {@link #sendRtp} for a packet the caller gives away: {@code packet[0, len)} is the RTP packet, at least
   * {@link #SRTP_TRAILER} bytes follow it, and the leg may protect it in place (no copy). The caller must not touch
   * the array afterwards.
   */
  default void sendOwnedRtp(byte[] packet, int len) {
    sendRtp(packet, 0, len);
  }

  State state();

  /** Frees ICE, DTLS and SRTP state; sends a DTLS close_notify when connected. Idempotent. */
  void close();
}
