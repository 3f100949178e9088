package io.switchboard.campaigns;

/** A refused campaign operation: a stable {@link #code()} and the request field at fault, or null. */
public final class CampaignException extends RuntimeException {
  public static final String NOT_FOUND = "not-found";
  /** A name taken, or a status change the campaign's status does not allow. */
  public static final String CONFLICT = "conflict";
  public static final String VERSION_MISMATCH = "version-mismatch";
  /** A field that names something that does not exist (a contact list). */
  public static final String INVALID = "invalid";

  private final String code;
  private final String field;

  public CampaignException(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
