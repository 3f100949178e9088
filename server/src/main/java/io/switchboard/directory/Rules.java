package io.switchboard.directory;

import java.util.regex.Pattern;

/** Shapes of the identifiers and strings the directory accepts; shared by every schema. */
final class Rules {
  private Rules() {}

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  static final String ID_RULE = "must match [a-z0-9][a-z0-9._-]{0,63}";

  /** Tenant ids (see redis.Keys): never contain braces or colons, so they are safe inside key names. */
  static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{1,64}");
  static final String USERNAME_RULE = "must be 1 to 64 of a-z 0-9 . _ -";

  /** A BCP 47-ish language tag: 2-3 lower-case letters, optionally a 2-letter upper-case region (en, es, en-GB). */
  static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
  static final String LANGUAGE_RULE = "must be a language tag such as en, es or en-GB";

  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  static final String EMAIL_RULE = "must be an e-mail address";

  static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final String REGION_RULE = "must be 1 to 64 of A-Z a-z 0-9 . _ - (e.g. eu-west)";

  /** E.164: '+', a non-zero digit, at most 15 digits in all. */
  static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  static final String E164_RULE = "must be an E.164 number such as +15550100";

  static final int NAME_MAX = 200;
  static final int DESCRIPTION_MAX = 1000;
}
