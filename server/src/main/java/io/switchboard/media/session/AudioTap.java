package io.switchboard.media.session;

import io.switchboard.media.sdp.AudioCodec;

/**
 * A copy of one session's audio, both ways, for a recorder ({@link RtpSession#tap}): every audio packet the peer sent
 * that passed the session's checks, and every audio packet the session sent to the peer (paced music, prompts and
 * silence, or relayed audio), each as its G.711 payload. Telephone-events are not passed on.
 *
 * <p>Threading: called on the session's media loop (receive and relay) and on its pacer; implementations must
 * return at once (hand the payload to a queue, never block or do I/O). {@code payload} is never written afterwards
 * by the session and may be kept. {@code ssrc} and {@code timestamp} are the packet's RTP header's (timestamp
 * unsigned 32-bit in a long, 8 kHz for G.711): a recorder places the frame by them, not by when it came (a stalled
 * media loop hands over a burst). {@code nowNanos} is {@code System.nanoTime()} at the call.
 */
public interface AudioTap {
  /** Audio from the peer (the caller). */
  void received(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos);

  /** Audio sent to the peer: what the caller heard. */
  void sent(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos);
}
