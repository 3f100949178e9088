package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Message records, their validation, error codes and token expiry parsing; no network. */
class SignalingMessagesTest {

  private static SignalingError validationError(Inbound m) {
    try {
      m.validate();
    } catch (SignalingError e) {
      return e;
    }
    throw new AssertionError("expected a validation error for " + m);
  }

  @Test
  void recordsBindStrictlyAndValidationNamesTheField() {
    var accept = StrictJson.parse("{\"callId\":\"c1\"}", Inbound.CallAccept.class);
    assertThat(accept.callId()).isEqualTo("c1");
    accept.validate();
    StrictJson.parse("{}", Inbound.Ping.class).validate();

    SignalingError missing = validationError(new Inbound.CallAccept(null));
    assertThat(missing.code()).isEqualTo("missing-field");
    assertThat(missing.field()).isEqualTo("callId");
    assertThat(validationError(new Inbound.CallAccept(" ")).code()).isEqualTo("invalid-field");
    assertThat(validationError(new Inbound.WrapupDone("c", null, null)).field()).isEqualTo("disposition");
    SignalingError longNotes = validationError(new Inbound.WrapupDone("c", "ok", "n".repeat(Inbound.MAX_NOTES + 1)));
    assertThat(longNotes.field()).isEqualTo("notes");
    assertThat(validationError(new Inbound.StateSet(null, null)).field()).isEqualTo("state");
  }

  @Test
  void wrapupDonesCallbackAtIsIsoWithAnOffsetStrictly() {
    var done = StrictJson.parse("{\"callId\":\"c\",\"disposition\":\"sale\","
        + "\"callbackAt\":\"2026-12-08T10:00:00-05:00\"}", Inbound.WrapupDone.class);
    done.validate();
    assertThat(done.callbackInstant()).isEqualTo(java.time.Instant.parse("2026-12-08T15:00:00Z"));
    assertThat(new Inbound.WrapupDone("c", "sale", null).callbackInstant()).isNull();
    for (String bad : new String[] {"2026-12-08T10:00:00", "2026-12-08 10:00-05:00", "2026-02-30T10:00:00Z",
        "tomorrow", ""}) {
      SignalingError e = validationError(new Inbound.WrapupDone("c", "sale", null, bad));
      assertThat(e.field()).as(bad).isEqualTo("callbackAt");
      assertThat(e.code()).isEqualTo("invalid-field");
    }
  }

  @Test
  void callDialBindsStrictlyAndNamesTheBadField() {
    var dial = StrictJson.parse("{\"number\":\"(020) 7946 0018\",\"queueId\":\"sales\"}", Inbound.CallDial.class);
    assertThat(dial).isEqualTo(new Inbound.CallDial("(020) 7946 0018", "sales"));
    dial.validate();
    new Inbound.CallDial("+1 415 555 0100", null).validate();
    assertThat(code(() -> StrictJson.parse("{\"number\":\"1\",\"queue\":\"sales\"}", Inbound.CallDial.class)))
        .isEqualTo("unknown-field");
    assertThat(code(() -> StrictJson.parse("{\"number\":{}}", Inbound.CallDial.class)))
        .isEqualTo("invalid-field");
    SignalingError missing = validationError(new Inbound.CallDial(null, null));
    assertThat(missing.code()).isEqualTo("missing-field");
    assertThat(missing.field()).isEqualTo("number");
    assertThat(validationError(new Inbound.CallDial("  ", null)).field()).isEqualTo("number");
    assertThat(validationError(new Inbound.CallDial("1".repeat(65), null)).field()).isEqualTo("number");
    assertThat(validationError(new Inbound.CallDial("+14155550100", " ")).field()).isEqualTo("queueId");
  }

  @Test
  void strictJsonErrorsMapToProtocolCodes() {
    assertThat(code(() -> StrictJson.parseObject("{oops"))).isEqualTo("bad-json");
    assertThat(code(() -> StrictJson.parseObject("\"just a string\""))).isEqualTo("bad-json");
    assertThat(code(() -> StrictJson.parseObject("{\"a\":1,\"a\":2}"))).isEqualTo("duplicate-field");
    assertThat(code(() -> StrictJson.parse("{\"callId\":\"c\",\"x\":1}", Inbound.CallAccept.class)))
        .isEqualTo("unknown-field");
    assertThat(code(() -> StrictJson.parse("{\"callId\":{}}", Inbound.CallAccept.class))).isEqualTo("invalid-field");
  }

  private static String code(Runnable r) {
    try {
      r.run();
    } catch (StrictJson.JsonError e) {
      return Dispatcher.codeOf(e);
    }
    throw new AssertionError("expected a JsonError");
  }

  @Test
  void tokenExpiryIsReadFromTheExpClaim() {
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"a\",\"exp\":1700000000}".getBytes(StandardCharsets.UTF_8));
    assertThat(TokenExpiry.of("h." + payload + ".s")).hasValue(1_700_000_000_000L);
    String noExp = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(TokenExpiry.of("h." + noExp + ".s")).isEmpty();
    assertThat(TokenExpiry.of("opaque-service-token")).isEmpty();
    assertThat(TokenExpiry.of("a.!!!.c")).isEmpty();
  }

  @Test
  void outboundErrorsCarryIdAndFieldOnlyWhenKnown() {
    assertThat(Outbound.error("bad-json", "m", null, null).fieldNames()).containsExactlyInAnyOrder("type", "code", "message");
    assertThat(Outbound.error("missing-field", "m", "7", "callId").getString("field")).isEqualTo("callId");
    assertThat(Outbound.pong("9").getString("id")).isEqualTo("9");
  }

  @Test
  void everySignalingErrorCodeIsDocumented() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "protocol.md"));
    for (var f : SignalingError.class.getFields()) {
      if (f.getType() == String.class) {
        assertThat(doc).as("docs/protocol.md documents " + f.getName()).contains("`" + f.get(null) + "`");
      }
    }
  }
}
