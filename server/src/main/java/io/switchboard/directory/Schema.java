package io.switchboard.directory;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Validation and normalisation of one kind of object: the request body in, the full stored document out
 * (defaults applied, fields in a fixed order, maps sorted) so that an equal request encodes to equal bytes.
 * Implementations are stateless and thread-safe.
 */
interface Schema {

  /**
   * @param id the object's id, already checked against {@link Rules#ID}; null only for kinds whose id is
   *           derived from the body ({@link #derivesId()})
   * @param in the body; "id" and "version" were already consumed
   */
  Normalized normalize(String id, Fields in);

  /** True when the id is computed from the body (phone numbers), so none is generated. */
  default boolean derivesId() {
    return false;
  }

  /** Another object this one points at: it must exist when this is written and may not be deleted before it. */
  record Ref(Kind kind, String id, String field) {}

  /**
   * @param doc      the document to store, without "version"
   * @param username the agent's login name (null for other kinds)
   * @param password the agent's new password in clear (null when none was sent); never stored as given
   * @param secret   what to do with the object's retrievable secret (trunks' digest password), kept apart
   *                 from the document in {@code sb:{t}:trunk-secret:<id>}
   */
  record Normalized(String id, JsonObject doc, List<Ref> refs, String username, String password, Secret secret) {
    Normalized(String id, JsonObject doc, List<Ref> refs, String username, String password) {
      this(id, doc, refs, username, password, Secret.NONE);
    }
  }

  /**
   * A write-only secret that must stay retrievable (the node answers a carrier's digest challenge with it),
   * so it is stored in clear, apart from the returned document. Modes: {@code none} (kind has no secret),
   * {@code set} ({@code value} is the new secret), {@code keep} (leave the stored one; it must exist),
   * {@code clear} (remove it).
   */
  record Secret(String mode, String value) {
    static final Secret NONE = new Secret("none", "");
    static final Secret KEEP = new Secret("keep", "");
    static final Secret CLEAR = new Secret("clear", "");

    static Secret set(String value) {
      return new Secret("set", value);
    }

    @Override
    public String toString() {
      return "Secret[" + mode + "]"; // never the value
    }
  }

  static Schema of(Kind kind) {
    return switch (kind) {
      case AGENT -> new AgentSchema();
      case TEAM -> new TeamSchema();
      case SKILL -> new NamedSchema();
      case QUEUE -> new QueueSchema();
      case BUSINESS_HOURS -> new BusinessHoursSchema();
      case PHONE_NUMBER -> new PhoneNumberSchema();
      case TRUNK -> new TrunkSchema();
      case FLOW -> new FlowSchema();
      case DIAL_POLICY -> new DialPolicySchema();
      case WEBHOOK -> new WebhookSchema();
      case AWAY_REASON -> new AwayReasonSchema();
      case CHAT_BOT -> new ChatBotSchema();
      case CANNED_RESPONSE -> new CannedResponseSchema();
      case SCORECARD -> new ScorecardSchema();
    };
  }
}
