package io.switchboard.sip;

import java.util.Optional;

/**
 * media-type = m-type SLASH m-subtype *( SEMI m-parameter ), m-parameter = token EQUAL ( token /
 * quoted-string ) (RFC 3261 §20.15). Type and subtype compare case-insensitively.
 */
public record MediaType(String type, String subtype, Params params) {
  public static MediaType parse(String value) {
    Scanner sc = new Scanner(value, "Content-Type header");
    sc.sws();
    String type = sc.token();
    sc.sep('/');
    String subtype = sc.token();
    Params params = Params.parseGeneric(sc);
    for (Params.Param p : params.asList()) {
      if (p.value() == null || p.value().startsWith("[")) {
        throw sc.fail();
      }
    }
    sc.end();
    return new MediaType(type, subtype, params);
  }

  /** Does this type match "type/subtype" (case-insensitive, parameters ignored)? */
  public boolean is(String typeSlashSubtype) {
    return (type + "/" + subtype).equalsIgnoreCase(typeSlashSubtype);
  }

  public Optional<String> param(String name) {
    return params.get(name);
  }

  public String format() {
    return type + "/" + subtype + params.format();
  }
}
