package io.switchboard.directory;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant's dial policy (one document, id {@code default}; read by {@code dial.DialPolicy}). Stored in this order:
 * {@code id, defaultCountry, allowedPrefixes, blockedPrefixes, defaultCallerId, trunk}.
 * <ul>
 *   <li>{@code defaultCountry}: ISO 3166 alpha-2 (upper case) for numbers agents write without a country code; null:
 *       they must write one.
 *   <li>{@code allowedPrefixes}: E.164 prefixes ({@code +44}, {@code +1415}) that may be dialed; empty: all.
 *   <li>{@code blockedPrefixes}: never dialed, whatever else says so; absent (stored null): the built-in premium
 *       list ({@code DialPolicy.DEFAULT_BLOCKED}); {@code []}: nothing blocked.
 *   <li>{@code defaultCallerId}: E.164, must be one of the tenant's phone numbers (a reference: the number cannot be
 *       deleted while the policy names it).
 *   <li>{@code trunk}: the trunk outbound calls use; null: the first enabled trunk by id.
 * </ul>
 */
final class DialPolicySchema implements Schema {
  static final String ONLY_ID = "default";
  static final int MAX_PREFIXES = 1000;
  /** An E.164 prefix: '+', a non-zero digit, up to 15 digits. */
  static final Pattern PREFIX = Pattern.compile("\\+[1-9][0-9]{0,14}");
  static final String PREFIX_RULE = "must be an E.164 prefix such as +44 or +1900";
  static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  @Override
  public Normalized normalize(String id, Fields in) {
    if (id != null && !ONLY_ID.equals(id)) {
      in.error("id", "must be '" + ONLY_ID + "': a tenant has one dial policy");
    }
    String country = in.string("defaultCountry", false, 2, COUNTRY, "must be an ISO 3166 country code such as GB");
    if (country != null && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(country)) {
      in.error("defaultCountry", "'" + country + "' is not a country with a telephone numbering plan");
    }
    List<String> allowed = in.strings("allowedPrefixes", MAX_PREFIXES, 16, PREFIX, PREFIX_RULE);
    boolean blockedGiven = in.raw("blockedPrefixes") != null;
    List<String> blocked = in.strings("blockedPrefixes", MAX_PREFIXES, 16, PREFIX, PREFIX_RULE);
    String callerId = in.string("defaultCallerId", false, 16, Rules.E164, Rules.E164_RULE);
    String trunk = in.string("trunk", false, 64, Rules.ID, Rules.ID_RULE);
    List<Ref> refs = new ArrayList<>();
    if (callerId != null) {
      refs.add(new Ref(Kind.PHONE_NUMBER, PhoneNumberSchema.idOf(callerId), "defaultCallerId"));
    }
    if (trunk != null) {
      refs.add(new Ref(Kind.TRUNK, trunk, "trunk"));
    }
    JsonObject doc = new JsonObject()
        .put("id", ONLY_ID)
        .put("defaultCountry", country)
        .put("allowedPrefixes", new JsonArray(new ArrayList<>(allowed)))
        .put("blockedPrefixes", blockedGiven ? new JsonArray(new ArrayList<>(blocked)) : null)
        .put("defaultCallerId", callerId)
        .put("trunk", trunk);
    return new Normalized(ONLY_ID, doc, refs, null, null);
  }
}
