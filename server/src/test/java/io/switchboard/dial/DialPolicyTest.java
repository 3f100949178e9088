package io.switchboard.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's dial policy: blocked and allowed prefixes, default country, caller ID choice. */
class DialPolicyTest {

  @Test
  void withoutADocumentPremiumRangesAreBlockedAndEverythingElseAllowed() {
    DialPolicy p = DialPolicy.of(null);
    assertThat(p).isEqualTo(DialPolicy.DEFAULT);
    assertThat(p.check("+14155550100")).isEmpty();
    assertThat(p.check("+442079460018")).isEmpty();
    assertBlocked(p, "+19005550100", "+1900");
    assertBlocked(p, "+449098790123", "+449");
    assertBlocked(p, "+448712345678", "+44871");
    assertBlocked(p, "+34806123456", "+34806");
    assertBlocked(p, "+8823451234", "+882");
  }

  @Test
  void theNumberIsParsedInTheDefaultCountryThenChecked() {
    DialPolicy p = DialPolicy.of(new JsonObject().put("defaultCountry", "GB"));
    assertThat(p.number("(020) 7946 0018")).isEqualTo("+442079460018");
    assertThatThrownBy(() -> p.number("0909 879 0123")).isInstanceOfSatisfying(DialRefused.class, e -> {
      assertThat(e.reason()).isEqualTo(DialRefused.BLOCKED_NUMBER);
      assertThat(e.field()).isEqualTo("number");
    });
    assertThatThrownBy(() -> p.number("not a number")).isInstanceOfSatisfying(DialRefused.class,
        e -> assertThat(e.reason()).isEqualTo(DialRefused.INVALID_NUMBER));
  }

  @Test
  void allowedPrefixesRestrictAndBlockedOnesWinOverThem() {
    DialPolicy p = DialPolicy.of(new JsonObject().put("defaultCountry", "US")
        .put("allowedPrefixes", new JsonArray().add("+1415").add("+44"))
        .put("blockedPrefixes", new JsonArray().add("+4420")));
    assertThat(p.check("+14155550100")).isEmpty();
    assertThat(p.check("+441612345678")).isEmpty();
    assertThat(p.check("+12125550100")).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo(DialRefused.NOT_ALLOWED_NUMBER);
      assertThat(r.getMessage()).contains("+1415, +44");
    });
    assertBlocked(p, "+442079460018", "+4420");
    assertThat(p.check("+19005550100")).as("an explicit list replaces the default one")
        .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(DialRefused.NOT_ALLOWED_NUMBER));
  }

  @Test
  void anEmptyBlockedListBlocksNothing() {
    DialPolicy p = DialPolicy.of(new JsonObject().put("blockedPrefixes", new JsonArray()));
    assertThat(p.blockedPrefixes()).isEmpty();
    assertThat(p.check("+19005550100")).isEmpty();
    assertThat(DialPolicy.of(new JsonObject().putNull("blockedPrefixes")).blockedPrefixes())
        .isEqualTo(DialPolicy.DEFAULT_BLOCKED);
  }

  @Test
  void theQueuesCallerIdWinsElseThePolicysElseNone() {
    DialPolicy p = new DialPolicy("US", List.of(), List.of(), "+15550100", null);
    assertThat(p.callerId("+15550101")).isEqualTo("+15550101");
    assertThat(p.callerId(null)).isEqualTo("+15550100");
    DialPolicy none = new DialPolicy("US", List.of(), List.of(), null, null);
    assertThatThrownBy(() -> none.callerId(null)).isInstanceOfSatisfying(DialRefused.class,
        e -> assertThat(e.reason()).isEqualTo(DialRefused.NO_CALLER_ID));
    assertThat(none.callerId("+15550102")).isEqualTo("+15550102");
  }

  private static void assertBlocked(DialPolicy p, String e164, String prefix) {
    assertThat(p.check(e164)).as(e164).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo(DialRefused.BLOCKED_NUMBER);
      assertThat(r.getMessage()).contains(prefix);
    });
  }
}
