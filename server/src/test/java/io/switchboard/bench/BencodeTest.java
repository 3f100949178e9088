package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bencode of rtpengine's ng protocol: exact bytes out, strict parsing in. */
class BencodeTest {
  private static Object decode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Bencode.decode(b, 0, b.length);
  }

  @Test
  void encodesAnNgCommandWithSortedKeys() {
    byte[] out = Bencode.encode(Map.of("sdp", "v=0\r\n", "command", "offer", "rtcp-mux", List.of("demux"),
        "ttl", 5));
    assertThat(new String(out, StandardCharsets.UTF_8))
        .isEqualTo("d7:command5:offer8:rtcp-muxl5:demuxe3:sdp5:v=0\r\n3:ttli5ee");
  }

  @Test
  void decodesWhatItEncodesIncludingNestingAndNegativeNumbers() {
    Map<String, Object> m = Map.of("a", List.of(1L, -2L, "x"), "b", Map.of("c", "é"), "d", "");
    byte[] b = Bencode.encode(m);
    assertThat(Bencode.decode(b, 0, b.length)).isEqualTo(m);
  }

  @Test
  void acceptsKeysOutOfOrderAsRtpengineSendsThem() {
    assertThat(decode("d3:sdp3:v=06:result2:oke")).isEqualTo(Map.of("sdp", "v=0", "result", "ok"));
  }

  @Test
  void decodesAReplyAtAnOffset() {
    byte[] reply = "cookie d6:result4:ponge".getBytes(StandardCharsets.US_ASCII);
    assertThat(Bencode.decode(reply, 7, reply.length - 7)).isEqualTo(Map.of("result", "pong"));
  }

  @Test
  void refusesMalformedInputNamingWhatAndWhere() {
    assertThatThrownBy(() -> decode("d1:ai1e1:ai2ee")).hasMessageContaining("duplicate key 'a'");
    assertThatThrownBy(() -> decode("d1:bi1e1:ai2e1:bi3ee")).hasMessageContaining("duplicate key 'b' at offset 13");
    assertThatThrownBy(() -> decode("i03e")).hasMessageContaining("bad number");
    assertThatThrownBy(() -> decode("i-0e")).hasMessageContaining("bad number");
    assertThatThrownBy(() -> decode("ie")).hasMessageContaining("bad number");
    assertThatThrownBy(() -> decode("5:abc")).hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> decode("l1:a")).hasMessageContaining("truncated");
    assertThatThrownBy(() -> decode("i1ei2e")).hasMessageContaining("bytes after the value at offset 3");
    assertThatThrownBy(() -> Bencode.encode(Map.of("a", 1.5))).hasMessageContaining("Double");
  }
}
