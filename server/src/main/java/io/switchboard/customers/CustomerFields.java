package io.switchboard.customers;

import java.util.List;
import java.util.Map;

/**
 * The writable part of a customer, valid by construction ({@link CustomerInput} builds it). Absent values are null
 * (lists and the attribute map are empty, never null).
 *
 * @param phones E.164 numbers, at least one, without duplicates, in the order given
 * @param emails addresses as given (trimmed), without duplicates (case-insensitive)
 * @param language a BCP 47 tag (en, es-ES)
 * @param timeZone an IANA zone id (Europe/Madrid)
 * @param attributes custom attributes, string values, in the order given
 */
public record CustomerFields(String displayName, String givenName, String familyName, List<String> phones,
    List<String> emails, String company, String language, String timeZone, Map<String, String> attributes) {

  public CustomerFields {
    phones = List.copyOf(phones);
    emails = List.copyOf(emails);
    attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }
}
