package io.switchboard.dial;

import io.switchboard.phone.PhoneNumbers.InvalidNumber;
import io.switchboard.phone.PhoneNumbers.Rule;

/**
 * What an agent typed or pasted, to the E.164 number that is dialed: {@link io.switchboard.phone.PhoneNumbers} with
 * the strict rule (a number in a range allocated to its country, {@link Rule#VALID}); one that is not is refused
 * ({@link DialRefused#INVALID_NUMBER}, field {@code number}) with the reason. Thread-safe (stateless).
 */
public final class PhoneNumbers {
  /** Longer input is not a phone number. */
  public static final int MAX_INPUT = io.switchboard.phone.PhoneNumbers.MAX_INPUT;

  private PhoneNumbers() {}

  /**
   * @param input what the agent typed or pasted
   * @param defaultCountry ISO 3166 alpha-2 for numbers without a country code, or null (then only "+..." or "00..."
   *     numbers are accepted)
   * @return the number in E.164
   * @throws DialRefused reason {@code invalid-number}, field {@code number}
   */
  public static String e164(String input, String defaultCountry) {
    try {
      return io.switchboard.phone.PhoneNumbers.e164(input, defaultCountry, Rule.VALID);
    } catch (InvalidNumber e) {
      throw new DialRefused(DialRefused.INVALID_NUMBER, "number", "the number " + e.getMessage());
    }
  }
}
