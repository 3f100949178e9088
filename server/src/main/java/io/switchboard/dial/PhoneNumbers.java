package io.switchboard.dial;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;

/**
 * What an agent typed or pasted ("(020) 7946 0018", "+1 415-555-0100", "00 44 20 7946 0018", "tel:+34...") to
 * E.164 ({@code +442079460018}), with libphonenumber against the tenant's default country (ISO 3166 alpha-2). A
 * number written without a country code needs that country; one that is not a valid number of its country is
 * refused ({@link DialRefused#INVALID_NUMBER}) with the reason. Thread-safe (stateless).
 */
public final class PhoneNumbers {
  /** Longer input is not a phone number (also bounds the parser's work). */
  public static final int MAX_INPUT = 64;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** The regions libphonenumber knows (upper case), for validating a policy's default country. */
  public static Set<String> regions() {
    return UTIL.getSupportedRegions();
  }

  /**
   * @param input what the agent typed or pasted
   * @param defaultCountry ISO 3166 alpha-2 for numbers without a country code, or null (then only "+..." or "00..."
   *     numbers are accepted)
   * @return the number in E.164
   * @throws DialRefused reason {@code invalid-number}, field {@code number}
   */
  public static String e164(String input, String defaultCountry) {
    if (input == null || input.isBlank()) {
      throw invalid("is empty");
    }
    if (input.length() > MAX_INPUT) {
      throw invalid("is longer than " + MAX_INPUT + " characters");
    }
    String text = input.strip();
    if (text.regionMatches(true, 0, "tel:", 0, 4)) {
      text = text.substring(4);
    }
    String region = defaultCountry == null ? "ZZ" : defaultCountry.toUpperCase(Locale.ROOT);
    String digits = text.replaceAll("[\\s().\\-/]", "");
    if (digits.startsWith("00") && digits.length() > 2) {
      // the international prefix of most countries; libphonenumber reads it only for the default country's own
      text = "+" + digits.substring(2);
    }
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(text, region);
    } catch (NumberParseException e) {
      throw invalid(switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE -> defaultCountry == null
            ? "has no country code (write it as +<country code> <number>)"
            : "has an unknown country code";
        case NOT_A_NUMBER -> "is not a phone number";
        case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short";
        case TOO_LONG -> "is too long";
      });
    }
    if (!UTIL.isValidNumber(parsed)) {
      String country = UTIL.getRegionCodeForCountryCode(parsed.getCountryCode()); // "ZZ" when unknown
      throw invalid("is not a valid number" + ("ZZ".equals(country) ? "" : " in " + country) + possible(parsed));
    }
    return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  private static String possible(PhoneNumber n) {
    return switch (UTIL.isPossibleNumberWithReason(n)) {
      case TOO_SHORT -> " (too short)";
      case TOO_LONG -> " (too long)";
      default -> "";
    };
  }

  private static DialRefused invalid(String why) {
    return new DialRefused(DialRefused.INVALID_NUMBER, "number", "the number " + why);
  }
}
