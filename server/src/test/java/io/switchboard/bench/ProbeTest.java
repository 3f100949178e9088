package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The probe format: what the pacer writes the receiver reads back through any RTP header; nothing else parses. */
class ProbeTest {
  @Test
  void writtenFieldsReadBackAndTheSilenceStays() {
    byte[] p = Probe.buffer();
    Probe.write(p, 0x1234_5678, 0xBEEF, 999, 2, 0x0123_4567_89AB_CDEFL);
    Probe.Fields f = new Probe.Fields();
    assertThat(f.parse(p, 0, Probe.LENGTH)).isTrue();
    assertThat(f.stream).isEqualTo(999);
    assertThat(f.seq).isEqualTo(0xBEEF);
    assertThat(f.sentNanos).isEqualTo(0x0123_4567_89AB_CDEFL);
    assertThat(f.phase).isEqualTo(2);
    assertThat(p[2] & 0xFF).isEqualTo(0xBE);
    assertThat(p[3] & 0xFF).isEqualTo(0xEF);
    assertThat(p[8] & 0xFF).isEqualTo(0x12);
    assertThat(Arrays.copyOfRange(p, Probe.HEADER + 21, Probe.LENGTH)).containsOnly((byte) 0xFF);
  }

  @Test
  void readsPastCsrcsAndAHeaderExtensionAtAnOffset() {
    byte[] plain = Probe.buffer();
    Probe.write(plain, 7, 42, 3, 1, 123_456_789L);
    // 5 bytes of something else, then: header with CC=1 and X=1, one CSRC, a one-word extension, the probe payload
    byte[] d = new byte[5 + 12 + 4 + 8 + Probe.PAYLOAD];
    System.arraycopy(plain, 0, d, 5, 12);
    d[5] = (byte) 0x91;
    d[5 + 16 + 3] = 1; // extension length: 1 word
    System.arraycopy(plain, Probe.HEADER, d, 5 + 12 + 4 + 8, Probe.PAYLOAD);
    Probe.Fields f = new Probe.Fields();
    assertThat(f.parse(d, 5, d.length - 5)).isTrue();
    assertThat(f.stream).isEqualTo(3);
    assertThat(f.seq).isEqualTo(42);
    assertThat(f.sentNanos).isEqualTo(123_456_789L);
    assertThat(f.phase).isEqualTo(1);
  }

  @Test
  void otherPacketsAreNotProbes() {
    byte[] p = Probe.buffer();
    Probe.write(p, 7, 1, 0, 1, 1L);
    Probe.Fields f = new Probe.Fields();
    byte[] pcma = p.clone();
    pcma[1] = 8;
    byte[] music = p.clone();
    music[Probe.HEADER] = 0x7F;
    byte[] rtcp = p.clone();
    rtcp[0] = (byte) 0x40;
    assertThat(f.parse(pcma, 0, pcma.length)).isFalse();
    assertThat(f.parse(music, 0, music.length)).isFalse();
    assertThat(f.parse(rtcp, 0, rtcp.length)).isFalse();
    assertThat(f.parse(p, 0, Probe.HEADER + 20)).isFalse();
  }
}
