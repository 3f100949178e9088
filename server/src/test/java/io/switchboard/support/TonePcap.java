package io.switchboard.support;

import io.switchboard.media.audio.G711;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pcap of RTP packets carrying a sine tone as PCMU (20 ms each, paced 20 ms apart) for sipp's
 * {@code play_pcap_audio}: a caller that speaks a known frequency. The link, IP and UDP headers are those of sipp's
 * own {@code dtmf_2833_pound.pcap} (sipp rewrites the addresses and ports when it plays), and so are the SSRC and the
 * numbering: the tone's sequence numbers and timestamps stay below that recording's, so {@code #} played after the
 * tone in the same call reads as the later packet it is.
 */
public final class TonePcap {
  static final Path POUND = Path.of("/usr/share/sip-tester/dtmf_2833_pound.pcap");
  static final int SSRC = 0x0e05384e;
  static final int FIRST_SEQ = 8200;
  static final long FIRST_TS = 60_000;

  private TonePcap() {}

  /** Writes {@code seconds} of {@code hz} at amplitude {@code amplitude} (16-bit units) to {@code out}. */
  public static Path write(Path out, double hz, int amplitude, int seconds) throws Exception {
    Tools.require("sipp"); // the recordings come with sip-tester
    byte[] template = Files.readAllBytes(POUND);
    ByteBuffer in = ByteBuffer.wrap(template).order(ByteOrder.LITTLE_ENDIAN);
    int network = in.getInt(20);
    int inclLen = in.getInt(24 + 8);
    byte[] first = java.util.Arrays.copyOfRange(template, 24 + 16, 24 + 16 + inclLen);
    int link = network == 1 ? 14 : network == 113 ? 16 : -1;
    if (link < 0) {
      throw new IllegalStateException("unexpected link type " + network + " in " + POUND);
    }
    int ipHeader = (first[link] & 0x0F) * 4;
    int headers = link + ipHeader + 8; // link, IPv4, UDP

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(template, 0, 24); // the same global header (magic, link type)
    int packets = seconds * 50;
    long baseMicros = 1_000_000L;
    for (int p = 0; p < packets; p++) {
      byte[] payload = new byte[160];
      for (int i = 0; i < 160; i++) {
        int n = p * 160 + i;
        payload[i] = G711.linearToUlaw((int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / 8000.0)));
      }
      ByteBuffer rtp = ByteBuffer.allocate(12 + 160).order(ByteOrder.BIG_ENDIAN);
      rtp.put((byte) 0x80).put((byte) 0).putShort((short) (FIRST_SEQ + p)).putInt((int) (FIRST_TS + 160L * p))
          .putInt(SSRC).put(payload);
      byte[] packet = new byte[headers + rtp.capacity()];
      System.arraycopy(first, 0, packet, 0, headers);
      System.arraycopy(rtp.array(), 0, packet, headers, rtp.capacity());
      ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.BIG_ENDIAN);
      b.putShort(link + 2, (short) (packet.length - link));          // IPv4 total length
      b.putShort(link + 10, (short) 0);
      b.putShort(link + 10, (short) ipChecksum(packet, link, ipHeader));
      b.putShort(link + ipHeader + 4, (short) (8 + rtp.capacity()));  // UDP length
      b.putShort(link + ipHeader + 6, (short) 0);                     // no UDP checksum
      long at = baseMicros + p * 20_000L;
      ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      rec.putInt((int) (at / 1_000_000)).putInt((int) (at % 1_000_000)).putInt(packet.length).putInt(packet.length);
      file.write(rec.array());
      file.write(packet);
    }
    Files.write(out, file.toByteArray());
    return out;
  }

  private static int ipChecksum(byte[] p, int off, int len) {
    long sum = 0;
    for (int i = 0; i < len; i += 2) {
      sum += ((p[off + i] & 0xFF) << 8) | (p[off + i + 1] & 0xFF);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) (~sum & 0xFFFF);
  }
}
