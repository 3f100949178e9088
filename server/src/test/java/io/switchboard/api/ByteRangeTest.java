package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP Range (RFC 9110 14.1.2) as the recordings' audio serves it: one range, clamped; the rest is 416. */
class ByteRangeTest {

  @Test
  void theThreeFormsOfOneRange() {
    assertThat(ByteRange.parse(null, 1000)).as("no header: the whole").isNull();
    assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=500-", 1000)).isEqualTo(new ByteRange(500, 999));
    assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=-5000", 1000)).as("a suffix longer than the file").isEqualTo(new ByteRange(0, 999));
    assertThat(ByteRange.parse("bytes=990-5000", 1000)).as("clamped to the end").isEqualTo(new ByteRange(990, 999));
    assertThat(ByteRange.parse("Bytes= 10-19 ", 1000)).isEqualTo(new ByteRange(10, 19));
    assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    assertThat(new ByteRange(10, 19).contentRange(1000)).isEqualTo("bytes 10-19/1000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=1000-", "bytes=5000-6000", "bytes=20-10", "bytes=-0", "items=0-1", "bytes=0-1,5-6",
      "bytes=abc", "bytes=1-x", "bytes=", "bytes=--1", "bytes=99999999999999999999-"})
  void anythingElseIsUnsatisfiable(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }

  @Test
  void anEmptyFileHasNoRange() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-1", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }
}
