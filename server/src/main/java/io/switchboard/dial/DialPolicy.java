package io.switchboard.dial;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's rules for outbound calls, from its {@code dial-policy} directory document ({@code default}):
 * the default country for numbers written without a country code, the E.164 prefixes that may be called (empty: all),
 * the prefixes that may never be (premium ranges; {@link #DEFAULT_BLOCKED} when the document names none), the caller
 * ID of calls whose queue has no {@code outboundCallerId}, and the trunk calls go out on.
 *
 * <p>{@link #check} is THE check: every path that places an outbound call goes through {@link #number}, which runs it,
 * so a blocked or not-allowed number is never dialed. Immutable, thread-safe.
 *
 * @param defaultCountry ISO 3166 alpha-2, or null (only numbers with a country code)
 * @param allowedPrefixes E.164 prefixes ("+44", "+1415"); empty: every number that is not blocked
 * @param blockedPrefixes E.164 prefixes never dialed; blocked wins over allowed
 * @param defaultCallerId E.164, one of the tenant's phone numbers (checked when the document is written), or null
 * @param trunk the trunk's id, or null: the first enabled trunk by id
 */
public record DialPolicy(String defaultCountry, List<String> allowedPrefixes, List<String> blockedPrefixes,
    String defaultCallerId, String trunk) {

  /**
   * Blocked when a tenant's policy names no list (an explicit {@code []} blocks nothing): North American premium
   * (+1 900, +1 976), UK premium rate (+44 9) and higher-rate service numbers (+44 871/872/873), Spanish premium
   * (+34 803/806/807/905), French premium (+33 89), German premium (+49 900, +49 137), and the international
   * networks and satellite ranges (+881, +882, +883) that toll fraud favours.
   */
  public static final List<String> DEFAULT_BLOCKED = List.of("+1900", "+1976", "+449", "+44871", "+44872", "+44873",
      "+34803", "+34806", "+34807", "+34905", "+3389", "+49900", "+49137", "+881", "+882", "+883");

  /** No document: no default country, everything allowed but {@link #DEFAULT_BLOCKED}, no caller ID, any trunk. */
  public static final DialPolicy DEFAULT = new DialPolicy(null, List.of(), DEFAULT_BLOCKED, null, null);

  public DialPolicy {
    allowedPrefixes = List.copyOf(allowedPrefixes);
    blockedPrefixes = List.copyOf(blockedPrefixes);
  }

  /** From the stored document (fields as {@code DialPolicySchema} writes them); absent lists take the defaults. */
  public static DialPolicy of(JsonObject doc) {
    if (doc == null) {
      return DEFAULT;
    }
    JsonArray blocked = doc.getJsonArray("blockedPrefixes");
    return new DialPolicy(doc.getString("defaultCountry"), strings(doc.getJsonArray("allowedPrefixes")),
        blocked == null ? DEFAULT_BLOCKED : strings(blocked), doc.getString("defaultCallerId"),
        doc.getString("trunk"));
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      for (int i = 0; i < a.size(); i++) {
        out.add(a.getString(i));
      }
    }
    return out;
  }

  /**
   * What the agent typed, in E.164, once parsed ({@link PhoneNumbers}) and {@link #check}ed.
   *
   * @throws DialRefused invalid-number, blocked-number or not-allowed-number (field {@code number})
   */
  public String number(String input) {
    String e164 = PhoneNumbers.e164(input, defaultCountry);
    check(e164).ifPresent(r -> {
      throw r;
    });
    return e164;
  }

  /** Why {@code e164} may not be dialed, or empty when it may. Blocked prefixes win over allowed ones. */
  public Optional<DialRefused> check(String e164) {
    for (String p : blockedPrefixes) {
      if (e164.startsWith(p)) {
        return Optional.of(new DialRefused(DialRefused.BLOCKED_NUMBER, "number",
            "numbers starting with " + p + " may not be dialed (the tenant's blocked prefixes)"));
      }
    }
    if (!allowedPrefixes.isEmpty() && allowedPrefixes.stream().noneMatch(e164::startsWith)) {
      return Optional.of(new DialRefused(DialRefused.NOT_ALLOWED_NUMBER, "number",
          "only numbers starting with " + String.join(", ", allowedPrefixes) + " may be dialed"));
    }
    return Optional.empty();
  }

  /**
   * The caller ID of a call for a queue whose document says {@code queueCallerId} (null: none, or no queue): that,
   * else the policy's default. Both were checked to be the tenant's own phone numbers when written.
   *
   * @throws DialRefused no-caller-id
   */
  public String callerId(String queueCallerId) {
    String id = queueCallerId != null ? queueCallerId : defaultCallerId;
    if (id == null) {
      throw new DialRefused(DialRefused.NO_CALLER_ID, null,
          "no caller ID: set the queue's outboundCallerId or the dial policy's defaultCallerId");
    }
    return id;
  }
}
