package io.switchboard.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.switchboard.phone.PhoneNumbers.Rule.POSSIBLE;

import org.junit.jupiter.api.Test;

/**
 * Numbers as people and trunks write them, to E.164 against a default country, as records keep them (the right
 * length for the country); the ones refused, with why. What is dialed is checked harder: dial.PhoneNumbersTest.
 */
class PhoneNumbersTest {
  @Test
  void internationalNumbersKeepTheirCountryWhateverTheDefault() throws Exception {
    assertThat(PhoneNumbers.e164("+34 911 23 45 67", "US", POSSIBLE)).isEqualTo("+34911234567");
    assertThat(PhoneNumbers.e164("+1 (202) 555-0143", "ES", POSSIBLE)).isEqualTo("+12025550143");
    assertThat(PhoneNumbers.e164("+15557650042", null, POSSIBLE)).isEqualTo("+15557650042"); // test range 555: accepted
    assertThat(PhoneNumbers.e164("+44 20 7946 0958", "US", POSSIBLE)).isEqualTo("+442079460958");
  }

  @Test
  void nationalNumbersAreReadInTheDefaultCountry() throws Exception {
    assertThat(PhoneNumbers.e164("(202) 555-0143", "US", POSSIBLE)).isEqualTo("+12025550143");
    assertThat(PhoneNumbers.e164("911 23 45 67", "ES", POSSIBLE)).isEqualTo("+34911234567");
    assertThat(PhoneNumbers.e164("020 7946 0958", "GB", POSSIBLE)).isEqualTo("+442079460958"); // trunk prefix 0 dropped
    assertThat(PhoneNumbers.e164("00 34 911 234 567", "ES", POSSIBLE)).isEqualTo("+34911234567"); // international prefix
    assertThat(PhoneNumbers.e164("911234567", "es", POSSIBLE)).isEqualTo("+34911234567"); // country case-insensitive
  }

  @Test
  void refusedNumbersSayWhy() {
    assertThatThrownBy(() -> PhoneNumbers.e164("", "US", POSSIBLE)).hasMessage("is empty");
    assertThatThrownBy(() -> PhoneNumbers.e164("call me", "US", POSSIBLE)).hasMessage("is not a phone number");
    assertThatThrownBy(() -> PhoneNumbers.e164("+1 202", "US", POSSIBLE)).hasMessageStartingWith("is too short");
    assertThatThrownBy(() -> PhoneNumbers.e164("+34 911 23 45 67 89 01 23", "US", POSSIBLE)).hasMessageStartingWith("is too long");
    assertThatThrownBy(() -> PhoneNumbers.e164("911234567", null, POSSIBLE)).hasMessageContaining("no country code");
    // seven NANP digits are dialable only locally: not an E.164 number
    assertThatThrownBy(() -> PhoneNumbers.e164("+15550100", "US", POSSIBLE)).hasMessageContaining("local number");
  }

  @Test
  void callersThatAreNoNumberAreEmpty() {
    assertThat(PhoneNumbers.callerE164("anonymous", "US")).isEmpty();
    assertThat(PhoneNumbers.callerE164("alice", "US")).isEmpty();
    assertThat(PhoneNumbers.callerE164(null, "US")).isEmpty();
    assertThat(PhoneNumbers.callerE164("2025550143", "US")).contains("+12025550143");
  }

  @Test
  void countriesAreThoseTheLibraryKnows() {
    assertThat(PhoneNumbers.knownCountry("ES")).isTrue();
    assertThat(PhoneNumbers.knownCountry("us")).isTrue();
    assertThat(PhoneNumbers.knownCountry("XX")).isFalse();
  }
}
