package io.switchboard.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.customers.CustomerFields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactTimeZonesTest {
  @Test
  void aNumberWithOneZoneGivesIt() {
    assertThat(ContactTimeZones.of("+12125550101")).isEqualTo("America/New_York");
    assertThat(ContactTimeZones.of("+14155550102")).isEqualTo("America/Los_Angeles");
    assertThat(ContactTimeZones.of("+34911234567")).isEqualTo("Europe/Madrid");
    assertThat(ContactTimeZones.of("+442079460018")).isEqualTo("Europe/London");
  }

  @Test
  void aNumberSpanningZonesOrUnknownGivesNone() {
    assertThat(ContactTimeZones.of("+79161234567")).as("a Russian mobile: eleven zones").isNull();
    assertThat(ContactTimeZones.of("+80012345678")).as("international freephone").isNull();
    assertThat(ContactTimeZones.of("not a number")).isNull();
  }

  @Test
  void aGivenZoneIsKept() {
    CustomerFields given = fields("Europe/Madrid");
    assertThat(ContactTimeZones.inferred(given)).isSameAs(given);
    assertThat(ContactTimeZones.inferred(fields(null)).timeZone()).isEqualTo("America/New_York");
  }

  private static CustomerFields fields(String zone) {
    return new CustomerFields("Ann", null, null, List.of("+12125550101"), List.of(), null, null, zone, Map.of());
  }
}
