package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues. Defaults are applied here and the full document stored, because the ACD's Lua scripts read these
 * exact field names with cjson: {@code id, name, channel} ({@link #CHANNELS}), {@code priority, strategy, serviceLevel{percent,seconds},
 * maxWaitSeconds, overflowQueue, wrapUpSeconds, noAnswerSeconds, requiredSkills, language, businessHours,
 * regionWideningSeconds}, then {@code goals} ({@link Goals#queue}; the ACD ignores it) and {@code recording} (the
 * queue's recording policy, {@link #RECORDING_POLICIES}: read by the call's node when an agent is connected; the
 * ACD ignores it) and {@code outboundCallerId} (E.164, one of the tenant's phone numbers: the caller ID of calls
 * agents dial for this queue; null: the dial policy's default) and {@code callback} (null: no callbacks; else
 * {@link #callback}: read by the call's node, the ACD ignores it) and {@code dispositions} (null: any; else
 * {@link #dispositions}: a wrap-up must end with one of them, checked by the ACD) and {@code caseOfferOrder}
 * ({@link #CASE_OFFER_ORDERS}, null: the node's {@code cases.offer-order}; read by the node that places the queue's
 * cases in the ACD). A chat queue's {@code closedMessage} (null: the widget's own words) is what a customer is told
 * outside its business hours (io.switchboard.chat.ChatHours). {@code serviceLevel} is
 * the queue's service-level goal as well as the threshold "answered in target" is counted against.
 */
final class QueueSchema implements Schema {
  /**
   * Seconds a call waits for an agent of its own region before agents of every region may take it; 0 turns
   * region preference off. acd-lib.lua falls back to the same value for documents stored without the field.
   */
  static final int DEFAULT_REGION_WIDENING_SECONDS = 5;

  /**
   * What a queue with {@code businessHours} does with callers while closed ({@code afterHours}): {@code goodbye}
   * (the closed prompt, then hang up), {@code voicemail} (they leave a message, which waits in the queue for an
   * agent: docs/voicemail.md) or {@code callback} (they are offered a callback that keeps their place and is dialed
   * once the queue opens: docs/callbacks.md).
   */
  static final List<String> AFTER_HOURS = List.of("goodbye", "voicemail", "callback");

  static final int MAX_DISPOSITIONS = 50;

  /**
   * What a queue's work items are ({@code channel}): calls (and their callbacks, voicemails and cases) or customers'
   * chats (acd-chat.lua offers only a chat or e-mail queue's chats; docs/chat.md) or e-mails polled from the queue's
   * {@code mailbox} ({@link MailboxSchema}, docs/email.md), routed as chats.
   */
  static final List<String> CHANNELS = List.of("voice", "chat", "email");
  static final int MAX_WIDGET_ORIGINS = 20;

  /** Routing strategies, as stored. */
  static final List<String> STRATEGIES = List.of("longest-idle", "round-robin", "fewest-calls", "least-talk-time");

  /**
   * How a queue's backlog of cases is offered to its free agents ({@code caseOfferOrder}, docs/cases.md): the
   * values of {@code cases.offer-order}, which applies while the queue sets none (null).
   */
  static final List<String> CASE_OFFER_ORDERS = List.of("priority", "due", "off");

  /** Recording policies, as stored: every connected call, none, or when the agent asks ({@code recording.start}). */
  static final List<String> RECORDING_POLICIES = List.of("none", "all", "on-demand");

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String channel = oneOf(in, "channel", CHANNELS);
    JsonArray widgetOrigins = widgetOrigins(in, channel);
    String closedMessage = in.string("closedMessage", false, Rules.DESCRIPTION_MAX, null, null);
    if (closedMessage != null && !"chat".equals(channel)) {
      in.error("closedMessage", "only a chat queue (channel chat) has a closed message");
    }
    MailboxSchema.Mailbox mailbox = MailboxSchema.read(in, channel);
    Integer priority = in.integer("priority", 0, 100, 0);
    String strategy = oneOf(in, "strategy", STRATEGIES);
    JsonObject serviceLevel = serviceLevel(in.object("serviceLevel"));
    Integer maxWait = in.integer("maxWaitSeconds", 0, 86_400, 600);
    String overflow = in.string("overflowQueue", false, 64, Rules.ID, Rules.ID_RULE);
    if (overflow != null && overflow.equals(id)) {
      in.error("overflowQueue", "must not be the queue itself");
    }
    Integer wrapUp = in.integer("wrapUpSeconds", 0, 3600, 30);
    Integer noAnswer = in.integer("noAnswerSeconds", 5, 300, 20);
    Map<String, Integer> required = in.levels("requiredSkills", Rules.ID, 1, 5);
    String language = in.string("language", false, 10, Rules.LANGUAGE, Rules.LANGUAGE_RULE);
    String hours = in.string("businessHours", false, 64, Rules.ID, Rules.ID_RULE);
    String afterHours = afterHours(in);
    Integer widening = in.integer("regionWideningSeconds", 0, 3600, DEFAULT_REGION_WIDENING_SECONDS);
    JsonObject goals = Goals.queue(in);
    String recording = oneOf(in, "recording", RECORDING_POLICIES);
    String callerId = in.string("outboundCallerId", false, 16, Rules.E164, Rules.E164_RULE);
    JsonObject callback = callback(in.object("callback"));
    JsonArray dispositions = dispositions(in);
    String caseOfferOrder = in.raw("caseOfferOrder") == null ? null : oneOf(in, "caseOfferOrder", CASE_OFFER_ORDERS);

    List<Ref> refs = new ArrayList<>();
    required.keySet().forEach(s -> refs.add(new Ref(Kind.SKILL, s, "requiredSkills." + s)));
    if (overflow != null) {
      refs.add(new Ref(Kind.QUEUE, overflow, "overflowQueue"));
    }
    if (hours != null) {
      refs.add(new Ref(Kind.BUSINESS_HOURS, hours, "businessHours"));
    }
    if (callerId != null) { // only the tenant's own numbers may be shown to the called party
      refs.add(new Ref(Kind.PHONE_NUMBER, PhoneNumberSchema.idOf(callerId), "outboundCallerId"));
    }
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("channel", channel)
        .put("widgetOrigins", widgetOrigins)
        .put("closedMessage", closedMessage)
        .put("priority", priority)
        .put("strategy", strategy)
        .put("serviceLevel", serviceLevel)
        .put("maxWaitSeconds", maxWait)
        .put("overflowQueue", overflow)
        .put("wrapUpSeconds", wrapUp)
        .put("noAnswerSeconds", noAnswer)
        .put("requiredSkills", new JsonObject(new LinkedHashMap<>(required)))
        .put("language", language)
        .put("businessHours", hours)
        .put("afterHours", afterHours)
        .put("regionWideningSeconds", widening)
        .put("recording", recording)
        .put("outboundCallerId", callerId)
        .put("callback", callback)
        .put("dispositions", dispositions)
        .put("caseOfferOrder", caseOfferOrder)
        .put("goals", goals);
    if (mailbox.doc() != null) {  // e-mail queues only: the other channels' documents stay as they were
      doc.put("mailbox", mailbox.doc());
    }
    return new Normalized(id, doc, refs, null, null, mailbox.secret());
  }

  /**
   * The web origins whose pages may start chats in a chat queue ({@code widgetOrigins}, docs/chat.md): each
   * {@code scheme://host[:port]}, stored in canonical form (lower case, no default port); none on a voice queue.
   */
  private static JsonArray widgetOrigins(Fields in, String channel) {
    List<String> raw = in.strings("widgetOrigins", MAX_WIDGET_ORIGINS, 300, null, null);
    JsonArray out = new JsonArray();
    for (int i = 0; i < raw.size(); i++) {
      String r = raw.get(i).endsWith("/") ? raw.get(i).substring(0, raw.get(i).length() - 1) : raw.get(i);
      java.util.Optional<String> o = io.switchboard.http.Origins.normalize(r);  // "https://host/" is typed often
      if (o.isEmpty()) {
        in.error("widgetOrigins." + i, "must be an origin such as https://www.example.com (scheme://host[:port])");
      } else if (!out.contains(o.get())) {
        out.add(o.get());
      }
    }
    if (!raw.isEmpty() && !"chat".equals(channel)) {
      in.error("widgetOrigins", "only a chat queue (channel chat) has widget origins");
    }
    return out;
  }

  /** {@code field}: one of {@code allowed}, the first when absent; anything else is an error naming the field. */
  private static String oneOf(Fields in, String field, List<String> allowed) {
    Object v = in.raw(field);
    if (v == null) {
      return allowed.get(0);
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      in.error(field, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return s;
  }

  private static String afterHours(Fields in) {
    Object v = in.raw("afterHours");
    if (v == null) {
      return AFTER_HOURS.get(0);
    }
    if (!(v instanceof String s) || !AFTER_HOURS.contains(s)) {
      in.error("afterHours", "must be one of " + String.join(", ", AFTER_HOURS));
      return null;
    }
    return s;
  }

  /**
   * The dispositions an agent picks from at wrap-up, in order: {@code [{code, label}]} (1 to
   * {@value #MAX_DISPOSITIONS}; codes unique, in the id alphabet; labels up to 100 characters, shown as written).
   * Null or absent: the softphone offers its own translated five and the ACD accepts any.
   */
  private static JsonArray dispositions(Fields in) {
    if (in.raw("dispositions") == null) {
      return null;
    }
    JsonArray out = new JsonArray();
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (Fields d : in.objects("dispositions", MAX_DISPOSITIONS)) {
      String code = d.string("code", true, 64, Rules.ID, Rules.ID_RULE);
      String label = d.string("label", true, 100, null, null);
      if (code != null && !codes.add(code)) {
        d.error("code", "'" + code + "' is listed twice");
      }
      out.add(new JsonObject().put("code", code).put("label", label));
    }
    if (out.isEmpty() && in.noErrorUnder("dispositions")) {
      in.error("dispositions", "must list at least one disposition, or be null for the default ones");
    }
    return out;
  }

  /**
   * Callbacks that keep the caller's place (docs/callbacks.md): {@code key} (one digit, required) is what a waiting
   * caller presses to be called back; {@code attempts} (1..10) and {@code retryDelaySeconds} (1..86400) stay absent
   * unless given: the node then uses {@code callbacks.attempts} / {@code callbacks.retry-delay-seconds}.
   */
  private static JsonObject callback(Fields cb) {
    if (cb == null) {
      return null;
    }
    String key = cb.string("key", true, 1, DIGIT, "must be one digit, 0 to 9");
    JsonObject out = new JsonObject().put("key", key);
    if (cb.raw("attempts") != null) {
      out.put("attempts", cb.integer("attempts", 1, 10, 1));
    }
    if (cb.raw("retryDelaySeconds") != null) {
      out.put("retryDelaySeconds", cb.integer("retryDelaySeconds", 1, 86_400, 1));
    }
    return out;
  }

  private static final java.util.regex.Pattern DIGIT = java.util.regex.Pattern.compile("[0-9]");

  private static JsonObject serviceLevel(Fields sl) {
    if (sl == null) {
      return new JsonObject().put("percent", 80).put("seconds", 20);
    }
    return new JsonObject()
        .put("percent", sl.integer("percent", 1, 100, 80))
        .put("seconds", sl.integer("seconds", 1, 3600, 20));
  }
}
