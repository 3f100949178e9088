package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.call.OutboundCallException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the SIP outcome of an agent's outbound call becomes its call.dial.failed reason. */
class OutboundDialsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "REJECTED, 486, busy",
      "REJECTED, 600, busy",
      "REJECTED, 404, invalid-number",
      "REJECTED, 484, invalid-number",
      "REJECTED, 604, invalid-number",
      "REJECTED, 408, no-answer",
      "REJECTED, 480, no-answer",
      "REJECTED, 403, rejected",
      "REJECTED, 603, rejected",
      "REJECTED, 488, rejected",
      "REJECTED, 407, rejected",
      "REJECTED, 503, trunk-failure",
      "UNREACHABLE, 503, trunk-failure",
      "UNREACHABLE, 408, trunk-failure",
      "TRUNK_FULL, 503, trunk-failure",
      "INVALID, 0, trunk-failure",
      "CANCELLED, 487, cancelled",
  })
  void sipOutcomesMapToDialReasons(Kind kind, int status, String reason) {
    assertThat(OutboundDials.outcome(null, new OutboundCallException(kind, status, "x"))).isEqualTo(reason);
  }

  @Test
  void ourOwnCancelSaysWhy() {
    OutboundCallException cancelled = new OutboundCallException(Kind.CANCELLED, 487, "cancelled: 487");
    assertThat(OutboundDials.outcome("no-answer", cancelled)).isEqualTo("no-answer");
    assertThat(OutboundDials.outcome("cancelled", cancelled)).isEqualTo("cancelled");
    assertThat(OutboundDials.outcome(null, new IllegalStateException("port range exhausted")))
        .isEqualTo("trunk-failure");
  }
}
