package io.switchboard.bench;

import io.switchboard.media.audio.G711;
import io.switchboard.webrtc.PeerNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link Probe}s that survive being decoded to linear PCM and encoded again (the mixer, the recorder): the 21 bytes
 * of probe fields are written one nibble per payload byte as µ-law codes {@code 0x40..0x4F}, which G.711 decodes and
 * encodes back to the same code, and mixing them with silence (µ-law {@code 0xFF}, linear 0) leaves them as they
 * were. A plain probe cannot: µ-law {@code 0x7F} (−0) comes back as {@code 0xFF}, and a sum with another voice is
 * another signal. So a probe sent by the caller reaches the agent intact through a barge whose supervisor sends
 * silence, and can be read back out of a recording's channel.
 *
 * <p>Threading: an {@link #encoding} {@code Out} belongs to one pacer thread, a {@link Decoder} to one receive thread.
 */
final class DecodedProbe {
  static final int FIELDS = 21;
  static final int ENCODED = 2 * FIELDS;
  private static final int NIBBLE = 0x40;

  private DecodedProbe() {}

  /** Wraps {@code out}: the pacer's probe re-written with its fields nibble-encoded (the RTP header kept). */
  static RtpPump.Out encoding(RtpPump.Out out) {
    byte[] p = Probe.buffer();
    ByteBuffer packet = ByteBuffer.wrap(p);
    return in -> {
      byte[] src = in.array();
      System.arraycopy(src, 0, p, 0, Probe.HEADER);
      for (int i = 0; i < FIELDS; i++) {
        int b = src[Probe.HEADER + i] & 0xFF;
        p[Probe.HEADER + 2 * i] = (byte) (NIBBLE | b >>> 4);
        p[Probe.HEADER + 2 * i + 1] = (byte) (NIBBLE | b & 0x0F);
      }
      packet.limit(Probe.LENGTH).position(0);
      out.send(packet);
    };
  }

  /** Wraps {@code out}: the pacer's RTP header with a payload of silence (a party that talks no probes). */
  static RtpPump.Out silence(RtpPump.Out out) {
    byte[] p = Probe.buffer();
    ByteBuffer packet = ByteBuffer.wrap(p);
    return in -> {
      System.arraycopy(in.array(), 0, p, 0, Probe.HEADER);
      packet.limit(Probe.LENGTH).position(0);
      out.send(packet);
    };
  }

  /** Reads encoded probes from RTP packets into a {@link Probe.Fields} (reused: copy what you keep). */
  static final class Decoder {
    private final byte[] plain = Probe.buffer();
    final Probe.Fields fields = new Probe.Fields();

    /** False when the packet holds no encoded probe (music, silence, RTCP, a mix of two voices). */
    boolean parse(byte[] d, int off, int len) {
      if (len < Probe.HEADER + ENCODED || (d[off] & 0xC0) != 0x80) {
        return false;
      }
      int at = off + Probe.HEADER + 4 * (d[off] & 0x0F);
      if ((d[off] & 0x10) != 0) {
        if (at + 4 > off + len) {
          return false;
        }
        at += 4 + 4 * (((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF));
      }
      return at + ENCODED <= off + len && fromNibbles(d, at);
    }

    /** Decodes the {@link #ENCODED} bytes at {@code at} (µ-law codes) into {@link #fields}. */
    boolean fromNibbles(byte[] d, int at) {
      plain[0] = (byte) 0x80;
      plain[1] = 0;
      for (int i = 0; i < FIELDS; i++) {
        int hi = d[at + 2 * i] & 0xFF;
        int lo = d[at + 2 * i + 1] & 0xFF;
        if ((hi & 0xF0) != NIBBLE || (lo & 0xF0) != NIBBLE) {
          return false;
        }
        plain[Probe.HEADER + i] = (byte) ((hi & 0x0F) << 4 | lo & 0x0F);
      }
      return fields.parse(plain, 0, Probe.LENGTH);
    }
  }

  /** Raw RTP from plain UDP sockets on a {@link PeerNetwork.TickPoller} thread of its own. */
  static final class RawReceiver implements AutoCloseable {
    private final PeerNetwork.TickPoller poller;
    private final ByteBuffer buf = ByteBuffer.allocate(2048);

    RawReceiver(String name) {
      poller = new PeerNetwork.TickPoller(name);
    }

    /** {@code sink} gets every datagram of {@code ch} on the poller thread (the array is reused after it returns). */
    void register(DatagramChannel ch, io.switchboard.webrtc.WebRtcTestPeer.RtpSink sink) {
      poller.register(ch, k -> {
        try {
          buf.clear();
          int n = ch.isConnected() ? ch.read(buf) : ch.receive(buf) == null ? 0 : buf.position();
          if (n > 0) {
            sink.onRtp(buf.array(), 0, n);
          }
        } catch (IOException e) {
          k.cancel();
        }
      });
    }

    @Override
    public void close() {
      poller.close();
    }
  }

  /**
   * The probes in one channel of a two-channel 16-bit PCM WAV (what a recording holds), as stream → distinct
   * sequence numbers: the channel's samples are encoded to µ-law again and scanned at every sample offset (the
   * recorder places a frame by its arrival, not on a 160-sample grid).
   */
  static Map<Integer, Set<Integer>> probesInWav(Path wav, int channel) throws IOException {
    byte[] file = Files.readAllBytes(wav);
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int frames = (file.length - 44) / 4;
    byte[] ulaw = new byte[frames];
    for (int i = 0; i < frames; i++) {
      ulaw[i] = G711.linearToUlaw(b.getShort(44 + 4 * i + 2 * channel));
    }
    Map<Integer, Set<Integer>> out = new HashMap<>();
    Decoder dec = new Decoder();
    for (int i = 0; i + ENCODED <= frames; i++) {
      if ((ulaw[i] & 0xF0) == NIBBLE && dec.fromNibbles(ulaw, i)) {
        out.computeIfAbsent(dec.fields.stream, k -> new HashSet<>()).add(dec.fields.seq);
        i += ENCODED - 1;
      }
    }
    return out;
  }
}
