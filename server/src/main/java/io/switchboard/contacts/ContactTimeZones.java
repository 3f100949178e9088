package io.switchboard.contacts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.switchboard.customers.CustomerFields;
import java.util.List;

/**
 * A contact's time zone when it was not given: the one zone libphonenumber's geocoder data gives its first number
 * (by country, and by area code where a country has several zones, as the US does), or none when the number
 * spans several zones (a mobile number of such a country) or its zone is unknown. Campaigns need the zone for
 * calling hours; a contact without one is reported, never guessed. Thread-safe (the mapper is immutable).
 */
public final class ContactTimeZones {
  private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

  private ContactTimeZones() {}

  /** {@code f} itself when it has a zone or none can be told; else {@code f} with the number's zone. */
  public static CustomerFields inferred(CustomerFields f) {
    if (f.timeZone() != null || f.phones().isEmpty()) {
      return f;
    }
    String zone = of(f.phones().get(0));
    return zone == null ? f : new CustomerFields(f.displayName(), f.givenName(), f.familyName(), f.phones(),
        f.emails(), f.company(), f.language(), zone, f.attributes());
  }

  /** The single IANA zone of an E.164 number, or null. */
  public static String of(String e164) {
    try {
      List<String> zones = PhoneNumberToTimeZonesMapper.getInstance()
          .getTimeZonesForNumber(PhoneNumberUtil.getInstance().parse(e164, null));
      return zones.size() == 1 && !zones.get(0).equals(UNKNOWN) ? zones.get(0) : null;
    } catch (NumberParseException e) {
      return null; // stored numbers are E.164 already
    }
  }
}
