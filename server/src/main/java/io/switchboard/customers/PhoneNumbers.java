package io.switchboard.customers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Phone numbers to E.164 ({@code +34911234567}) with libphonenumber. A number with a leading {@code +} (or an
 * international prefix such as {@code 00}) is read as international; any other is read in the tenant's default
 * country. A number is accepted when its length fits its country's numbering plan. Thread-safe, no I/O.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** A number that cannot be normalised; the message says why, for a field error. */
  public static final class InvalidNumber extends Exception {
    public InvalidNumber(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether {@code country} is an ISO 3166 alpha-2 code libphonenumber knows (US, ES, GB, ...). */
  public static boolean knownCountry(String country) {
    return country != null && UTIL.getSupportedRegions().contains(country.toUpperCase(Locale.ROOT));
  }

  /**
   * {@code raw} in E.164.
   *
   * @param defaultCountry ISO 3166 alpha-2 code the number is read in when it has no country code
   * @throws InvalidNumber when it is empty, not a number, or not of a possible length for its country (a local
   *     number without its area code included)
   */
  public static String e164(String raw, String defaultCountry) throws InvalidNumber {
    if (raw == null || raw.isBlank()) {
      throw new InvalidNumber("is empty");
    }
    if (raw.length() > 64) {
      throw new InvalidNumber("is longer than 64 characters");
    }
    PhoneNumber n;
    try {
      n = UTIL.parse(raw.trim(), defaultCountry == null ? "ZZ" : defaultCountry.toUpperCase(Locale.ROOT));
    } catch (NumberParseException e) {
      throw new InvalidNumber(switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE -> "has no valid country code (start it with + or set the tenant's default country)";
        case NOT_A_NUMBER -> "is not a phone number";
        case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "is too short";
        case TOO_LONG -> "is too long";
      });
    }
    // "possible" (the right length for its country), not "valid" (in a range allocated when this library's metadata
    // was built): new ranges and test ranges such as +1 555 are accepted rather than refused
    switch (UTIL.isPossibleNumberWithReason(n)) {
      case IS_POSSIBLE -> { }
      case IS_POSSIBLE_LOCAL_ONLY -> throw new InvalidNumber("is a local number: add its area code");
      case INVALID_COUNTRY_CODE -> throw new InvalidNumber("has no valid country code");
      case TOO_SHORT -> throw new InvalidNumber("is too short" + regionSuffix(n));
      case TOO_LONG -> throw new InvalidNumber("is too long" + regionSuffix(n));
      default -> throw new InvalidNumber("is not a possible number" + regionSuffix(n));
    }
    return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  /** The E.164 form of a caller's number as a trunk sent it (SIP user part), or empty when it is not one. */
  public static Optional<String> callerE164(String caller, String defaultCountry) {
    if (caller == null || caller.isBlank() || caller.equalsIgnoreCase("anonymous")) {
      return Optional.empty();
    }
    try {
      return Optional.of(e164(caller, defaultCountry));
    } catch (InvalidNumber e) {
      return Optional.empty();
    }
  }

  private static String regionSuffix(PhoneNumber n) {
    String region = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
    return region == null || region.equals("ZZ") ? "" : " for " + region;
  }
}
