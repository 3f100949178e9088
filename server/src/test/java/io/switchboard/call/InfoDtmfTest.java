package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.sip.MediaType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InfoDtmfTest {
  private static DtmfDigit parse(String type, String body) {
    return InfoDtmf.parse(MediaType.parse(type), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dtmfRelayGivesTheSignalAndItsDuration() {
    assertThat(parse("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"))
        .isEqualTo(new DtmfDigit('5', 160, 0, true));
    assertThat(parse("Application/DTMF-Relay", "signal= #\nduration=250").digit()).isEqualTo('#');
    assertThat(parse("application/dtmf-relay", "Signal=11\r\nDuration=100").digit()).isEqualTo('#');
    assertThat(parse("application/dtmf-relay", "Signal=*").durationMillis()).isEqualTo(InfoDtmf.DEFAULT_DURATION_MS);
  }

  @Test
  void plainDtmfIsTheKeyAlone() {
    assertThat(parse("application/dtmf", "5").digit()).isEqualTo('5');
    assertThat(parse("application/dtmf", "d\r\n").digit()).isEqualTo('D');
    assertThat(parse("application/dtmf", "10").digit()).isEqualTo('*');
  }

  @Test
  void otherTypesAreNotUnderstoodAndBadBodiesRefused() {
    assertThat(InfoDtmf.understands(MediaType.parse("application/sdp"))).isFalse();
    assertThat(InfoDtmf.understands(MediaType.parse("application/dtmf-relay;charset=utf-8"))).isTrue();
    assertThatThrownBy(() -> parse("application/dtmf-relay", "Duration=160")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("application/dtmf-relay", "Signal=X")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("application/dtmf-relay", "Signal=5\nDuration=abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("application/dtmf", "55")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("application/dtmf", "x".repeat(2000))).isInstanceOf(IllegalArgumentException.class);
  }
}
