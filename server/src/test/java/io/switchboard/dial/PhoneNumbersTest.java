package io.switchboard.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What agents type or paste, to E.164 with libphonenumber against the tenant's default country. */
class PhoneNumbersTest {

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "(020) 7946 0018        | GB | +442079460018",
      "020 7946 0018          | GB | +442079460018",
      "+44 20 7946 0018       | US | +442079460018",
      "00 44 20 7946 0018     | US | +442079460018",
      "0044 20 7946 0018      | GB | +442079460018",
      "+1 415-555-0100        | GB | +14155550100",
      "(415) 555-0100         | US | +14155550100",
      "415.555.0100           | us | +14155550100",
      "tel:+34 912 345 678    | US | +34912345678",
      "912 345 678            | ES | +34912345678",
      "'  +1 (415) 555 0100 ' | FR | +14155550100",
  })
  void typedOrPastedNumbersBecomeE164(String input, String country, String e164) {
    assertThat(PhoneNumbers.e164(input, country)).isEqualTo(e164);
  }

  @Test
  void withoutADefaultCountryOnlyInternationalNumbersParse() {
    assertThat(PhoneNumbers.e164("+44 20 7946 0018", null)).isEqualTo("+442079460018");
    assertThat(PhoneNumbers.e164("00442079460018", null)).isEqualTo("+442079460018");
    assertRefused("020 7946 0018", null, "no country code");
  }

  @Test
  void invalidNumbersAreRefusedWithAReason() {
    assertRefused("", "GB", "empty");
    assertRefused("   ", "GB", "empty");
    assertRefused("hello", "GB", "not a phone number");
    assertRefused("12", "US", "the number");
    assertRefused("+1 415 555 01000000", "US", "too long");
    assertRefused("+999 1234 5678", "US", "unknown country code");
    assertRefused("020 7946 001", "GB", "not a valid number in GB");
    assertRefused("1".repeat(PhoneNumbers.MAX_INPUT + 1), "GB", "longer than");
    assertRefused(null, "GB", "empty");
  }

  private static void assertRefused(String input, String country, String why) {
    assertThatThrownBy(() -> PhoneNumbers.e164(input, country)).isInstanceOfSatisfying(DialRefused.class, e -> {
      assertThat(e.reason()).isEqualTo(DialRefused.INVALID_NUMBER);
      assertThat(e.field()).isEqualTo("number");
      assertThat(e.getMessage()).contains(why);
    });
  }
}
