package io.switchboard.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Phone numbers as people type, paste or import them ("(020) 7946 0018", "+1 415-555-0100", "00 44 20 7946 0018",
 * "tel:+34...") to E.164 ({@code +442079460018}), with libphonenumber. A number with a leading {@code +} or the
 * international prefix {@code 00} is read as international; any other in the default country (ISO 3166 alpha-2).
 * How strict the check is depends on the use ({@link Rule}). Thread-safe (stateless), no I/O.
 */
public final class PhoneNumbers {
  /** Longer input is not a phone number (also bounds the parser's work). */
  public static final int MAX_INPUT = 64;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** How a number is checked once parsed. */
  public enum Rule {
    /**
     * The right length for its country: what a record keeps (a customer's number), so ranges newer than this
     * library's metadata, and test ranges such as +1 555, are accepted; a local number without its area code is not.
     */
    POSSIBLE,
    /** In a range allocated to its country when this library was built: what is dialed. */
    VALID
  }

  /** A number that cannot be read; the message says why ("is too short"), to follow a field's name. */
  public static final class InvalidNumber extends Exception {
    public InvalidNumber(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether {@code country} is an ISO 3166 alpha-2 code libphonenumber knows (US, ES, GB, ...; any case). */
  public static boolean knownCountry(String country) {
    return country != null && UTIL.getSupportedRegions().contains(country.toUpperCase(Locale.ROOT));
  }

  /**
   * {@code input} in E.164.
   *
   * @param defaultCountry ISO 3166 alpha-2 code for a number without a country code, or null (then only
   *     international numbers are read)
   */
  public static String e164(String input, String defaultCountry, Rule rule) throws InvalidNumber {
    if (input == null || input.isBlank()) {
      throw new InvalidNumber("is empty");
    }
    if (input.length() > MAX_INPUT) {
      throw new InvalidNumber("is longer than " + MAX_INPUT + " characters");
    }
    PhoneNumber n = parse(input.strip(), defaultCountry);
    if (rule == Rule.VALID) {
      if (!UTIL.isValidNumber(n)) {
        String country = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
        throw new InvalidNumber("is not a valid number" + ("ZZ".equals(country) ? "" : " in " + country)
            + switch (UTIL.isPossibleNumberWithReason(n)) {
              case TOO_SHORT -> " (too short)";
              case TOO_LONG -> " (too long)";
              default -> "";
            });
      }
    } else {
      switch (UTIL.isPossibleNumberWithReason(n)) {
        case IS_POSSIBLE -> { }
        case IS_POSSIBLE_LOCAL_ONLY -> throw new InvalidNumber("is a local number: add its area code");
        case INVALID_COUNTRY_CODE -> throw new InvalidNumber("has an unknown country code");
        case TOO_SHORT -> throw new InvalidNumber("is too short" + forRegion(n));
        case TOO_LONG -> throw new InvalidNumber("is too long" + forRegion(n));
        default -> throw new InvalidNumber("is not a possible number" + forRegion(n));
      }
    }
    return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  /** The E.164 form of a caller's number as a trunk sent it (SIP user part), or empty when it is not one. */
  public static Optional<String> callerE164(String caller, String defaultCountry) {
    if (caller == null || caller.isBlank() || caller.equalsIgnoreCase("anonymous")) {
      return Optional.empty();
    }
    try {
      return Optional.of(e164(caller, defaultCountry, Rule.POSSIBLE));
    } catch (InvalidNumber e) {
      return Optional.empty();
    }
  }

  private static PhoneNumber parse(String input, String defaultCountry) throws InvalidNumber {
    String text = input.regionMatches(true, 0, "tel:", 0, 4) ? input.substring(4) : input;
    String digits = text.replaceAll("[\\s().\\-/]", "");
    if (digits.startsWith("00") && digits.length() > 2) {
      // the international prefix of most countries; libphonenumber reads it only for the default country's own
      text = "+" + digits.substring(2);
    }
    try {
      return UTIL.parse(text, defaultCountry == null ? "ZZ" : defaultCountry.toUpperCase(Locale.ROOT));
    } catch (NumberParseException e) {
      throw new InvalidNumber(switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE -> defaultCountry == null
            ? "has no country code (start it with + and its country code, or set the tenant's default country)"
            : "has an unknown country code";
        case NOT_A_NUMBER -> "is not a phone number";
        case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short";
        case TOO_LONG -> "is too long";
      });
    }
  }

  private static String forRegion(PhoneNumber n) {
    String region = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
    return region == null || region.equals("ZZ") ? "" : " for " + region;
  }
}
