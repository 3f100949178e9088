package io.switchboard.terraform.resources;

import io.switchboard.terraform.schema.Check;

/** The admin API's value rules, shared by the resource definitions (same ranges and shapes as the server's). */
final class Rules {
  private Rules() {}

  static final int NAME_MAX = 200;
  static final int DESCRIPTION_MAX = 1000;
  static final Check ID = io.switchboard.terraform.provider.ResourceType.ID;
  static final Check LANGUAGE = Check.matches("[a-z]{2,3}(-[A-Z]{2})?", "must be a language tag such as en, es or en-GB");
  static final Check REGION = Check.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
      "must be 1 to 64 of A-Z a-z 0-9 . _ - (e.g. eu-west)");
  static final Check E164 = Check.matches("\\+[1-9][0-9]{1,14}", "must be an E.164 number such as +15550100");
  static final Check LEVEL = Check.range(1, 5);
}
