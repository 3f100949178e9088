package io.switchboard.media.session;

import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Silence;
import io.switchboard.media.dtmf.DtmfSender;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.AudioCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Produces the session's outgoing packet for each 20 ms tick from a replaceable {@link AudioSource}, keeping ONE
 * SSRC with continuous sequence numbers and timestamps across source changes (music → announcement → agent). The
 * marker bit is set on the first packet of the stream and on the first packet after a switch (RFC 3551 4.1: the
 * start of a talk spurt, so receivers may resynchronise their jitter buffer). While an RFC 4733 event is sent, it
 * replaces the audio of those ticks; its packets carry the event's start timestamp (RFC 4733 2.5.1.1).
 *
 * <p><b>Relay mode</b> ({@link #startRelay}): another party's audio (the bridged agent) is sent in this stream as it
 * arrives, through {@link #relay}, and ticks send nothing; the media clock keeps running with the ticks, so when
 * relaying stops ({@link #stopRelay}) the paced source resumes with the next sequence number and a timestamp
 * advanced by the elapsed media time (never behind the last relayed one), marker set.
 *
 * <pre>
 *   PACED --startRelay--> RELAYING --stopRelay--> PACED
 *   (tick: one packet per 20 ms)   (tick: clock only; relay(): one packet per arrival)
 * </pre>
 *
 * <p>Threading: {@link #tick} on the pacer thread only; {@link #relay} on the relaying thread; {@link #switchTo} and
 * {@link #sendDigit} from any thread (they take effect at the next tick). The stream's header state (sequence, media
 * clock, counters) is guarded by this object's monitor, held only to build a packet, never across a send.
 */
public final class StreamSwitch {
  private record Pending(AudioSource source, CompletableFuture<Void> ended) {}

  private final OutgoingStream stream;
  private AudioCodec codec;
  private int payloadType;
  private volatile int telephoneEventPt;
  private final DtmfSender dtmf = new DtmfSender();
  private final AtomicReference<Pending> pending = new AtomicReference<>();
  private final short[] pcm = new short[AudioSource.FRAME_SAMPLES];
  private AudioSource source = Silence.forever();
  private CompletableFuture<Void> sourceEnded = new CompletableFuture<>();
  private boolean marker = true;
  private long eventTimestamp;
  private boolean relaying;
  private boolean relayedAny;
  private long lastRelayedTimestamp;
  private boolean held;

  /**
   * @param payloadType negotiated PT of {@code codec}
   * @param telephoneEventPt negotiated telephone-event PT, or -1 (then {@link #sendDigit} is refused)
   */
  public StreamSwitch(OutgoingStream stream, AudioCodec codec, int payloadType, int telephoneEventPt) {
    this.stream = stream;
    this.codec = codec;
    this.payloadType = payloadType;
    this.telephoneEventPt = telephoneEventPt;
  }

  /**
   * Plays {@code next} from the next tick on. Returns a future completed when {@code next} ends (never, for an
   * endless source) or is replaced (then with a {@link java.util.concurrent.CancellationException}); after it ends
   * the stream sends silence.
   */
  public CompletableFuture<Void> switchTo(AudioSource next) {
    Pending p = new Pending(next, new CompletableFuture<>());
    Pending old = pending.getAndSet(p);
    if (old != null) {
      old.ended().cancel(false);
    }
    return p.ended();
  }

  /** Queues an RFC 4733 digit (sent "for later": transfers, IVR to a carrier). */
  public void sendDigit(char digit, int millis) {
    if (telephoneEventPt < 0) {
      throw new IllegalStateException("telephone-event was not negotiated");
    }
    dtmf.queue(digit, millis);
  }

  /** Relayed packets replace the paced ones from now on (see the class comment). Idempotent. */
  public synchronized void startRelay() {
    if (!relaying) {
      relaying = true;
      relayedAny = false;
    }
  }

  /** The paced source takes the stream back at the next tick, continuous with the relayed packets. Idempotent. */
  public synchronized void stopRelay() {
    if (!relaying) {
      return;
    }
    relaying = false;
    long anchor = relayAnchor();
    stream.advance((int) (anchor - stream.mediaClock())); // mod 2^32: advance() masks
    marker = true;
  }

  public synchronized boolean relaying() {
    return relaying;
  }

  /**
   * The timestamp a newly started relayed input should map its first packet to: the running media clock, but
   * never at or before the last relayed packet (the relayed source's clock may run slightly ahead of ours).
   */
  public synchronized long relayAnchor() {
    long clock = stream.mediaClock();
    if (!relayedAny) {
      return clock;
    }
    long next = (lastRelayedTimestamp + AudioSource.FRAME_SAMPLES) & 0xFFFFFFFFL;
    return (int) (next - clock) > 0 ? next : clock;
  }

  /**
   * One relayed packet in this stream (our SSRC, the next sequence number, {@code timestamp} as mapped by the
   * caller), or null when not in relay mode.
   */
  public synchronized RtpPacket relay(boolean marker, int pt, long timestamp, byte[] payload, long nowNanos) {
    if (!relaying || held) {
      return null;
    }
    long ts = timestamp & 0xFFFFFFFFL;
    if (!relayedAny || (int) (ts - lastRelayedTimestamp) > 0) {
      lastRelayedTimestamp = ts;
    }
    relayedAny = true;
    return stream.packet(marker, pt, ts, payload, nowNanos);
  }

  /**
   * The packet for this tick, or null in relay mode (otherwise always one: silence keeps the stream and the peer's
   * NAT binding alive).
   */
  public synchronized RtpPacket tick(long nowNanos) {
    // a plain read first: a switch is rare, and an atomic swap on every tick of every stream is not free
    Pending p = pending.get() == null ? null : pending.getAndSet(null);
    if (p != null) {
      sourceEnded.cancel(false);
      source = p.source();
      sourceEnded = p.ended();
      marker = true;
    }
    if (relaying || held) {
      stream.advance(AudioSource.FRAME_SAMPLES); // media time runs on; the relayed packets carry the audio
      return null;
    }
    RtpPacket out;
    DtmfSender.Step step = telephoneEventPt >= 0 ? dtmf.next() : null;
    if (step != null) {
      if (step.first()) {
        eventTimestamp = stream.mediaClock();
      }
      out = stream.packet(step.first(), telephoneEventPt, eventTimestamp, step.event().serialize(), nowNanos);
      source.nextFrame(pcm); // the source's time runs on while the event plays, as the caller would hear it
    } else {
      if (!source.nextFrame(pcm) && !sourceEnded.isDone()) {
        sourceEnded.complete(null);
      }
      byte[] payload = new byte[AudioSource.FRAME_SAMPLES];
      if (codec == AudioCodec.PCMU) {
        G711.encodeUlaw(pcm, payload);
      } else {
        G711.encodeAlaw(pcm, payload);
      }
      out = stream.packet(marker, payloadType, stream.mediaClock(), payload, nowNanos);
      marker = false;
    }
    stream.advance(AudioSource.FRAME_SAMPLES);
    return out;
  }

  // ------------------------------------------------------------------ re-negotiation (re-INVITE / UPDATE)

  /**
   * Hold (the peer's offer says it will not receive: sendonly, inactive or c=0.0.0.0): nothing is sent, neither the
   * paced source nor relayed packets, while the media clock runs on; on release the next packet carries the marker
   * (a new talk spurt after the gap). Any thread; takes effect at the next tick.
   */
  public synchronized void hold(boolean on) {
    if (held && !on) {
      marker = true;
    }
    held = on;
  }

  public synchronized boolean held() {
    return held;
  }

  /** A codec or payload type change agreed in a new offer/answer: the next packet uses it. Any thread. */
  public synchronized void renegotiate(AudioCodec nextCodec, int nextPayloadType, int nextTelephoneEventPt) {
    if (nextCodec != codec || nextPayloadType != payloadType) {
      marker = true;
    }
    codec = nextCodec;
    payloadType = nextPayloadType;
    telephoneEventPt = nextTelephoneEventPt;
  }

  public OutgoingStream stream() {
    return stream;
  }
}
