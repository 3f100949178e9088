package io.switchboard.terraform.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgpackTest {
  @Test
  void roundTripsEveryKindOfValue() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("percent", 80L);
    nested.put("seconds", 20L);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "support");
    v.put("name", null);
    v.put("version", Unknown.VALUE);
    v.put("enabled", true);
    v.put("ratio", 0.25);
    v.put("roles", List.of("agent", "admin"));
    v.put("levels", new ArrayList<>(Arrays.asList(1L, null, Unknown.VALUE)));
    v.put("service_level", nested);

    Object back = Msgpack.decode(Msgpack.encode(v));

    assertThat(back).isEqualTo(v);
    assertThat(List.copyOf(((Map<?, ?>) back).keySet())).isEqualTo(List.copyOf(v.keySet()));
  }

  @Test
  void nullIsNilAndUnknownIsAnExtensionValue() {
    assertThat(Msgpack.encode(null)).containsExactly(0xc0);
    assertThat(Msgpack.encode(Unknown.VALUE)).containsExactly(0xd4, 0x00, 0x00);
    assertThat(Msgpack.decode(new byte[0])).isNull();
  }

  @Test
  void anyExtensionTypeDecodesAsUnknown() {
    // fixext1 type 12: a "refined" unknown (Terraform adds range hints in the payload)
    assertThat(Msgpack.decode(new byte[] {(byte) 0xd4, 12, 0x05})).isSameAs(Unknown.VALUE);
    // ext8 with a 3-byte payload inside a map
    byte[] map = {(byte) 0x81, (byte) 0xa1, 'x', (byte) 0xc7, 3, 12, 1, 2, 3};
    assertThat(Msgpack.decode(map)).isEqualTo(Map.of("x", Unknown.VALUE));
  }

  @Test
  void wholeDoublesAreWrittenAsIntegersAndHugeNumbersSurvive() {
    assertThat(Msgpack.decode(Msgpack.encode(3.0))).isEqualTo(3L);
    BigDecimal huge = new BigDecimal("123456789012345678901234567890");
    assertThat(Msgpack.decode(Msgpack.encode(huge))).isEqualTo(huge.toPlainString()); // decimal string form
    BigDecimal fraction = new BigDecimal("0.1");
    assertThat(Msgpack.decode(Msgpack.encode(fraction))).isEqualTo("0.1");
  }
}
