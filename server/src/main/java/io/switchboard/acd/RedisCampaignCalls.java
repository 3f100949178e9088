package io.switchboard.acd;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CampaignCalls} on the Redis ACD: one script call each ({@code acd-campaign-call.lua},
 * {@code acd-campaign-view.lua}, {@code acd-campaign-withdraw.lua}; predictive: {@code acd-campaign-dialing.lua},
 * {@code -answered}, {@code -abandon}, {@code -dial-failed}), run as {@link RedisAcd} runs its own (same
 * argument convention and clock). Thread-safe.
 */
public final class RedisCampaignCalls implements CampaignCalls {
  /** The most calls one {@link #view} reads. */
  public static final int VIEW_MAX = 1000;
  /** The largest contact card ({zone, from, to}) a call carries. */
  private static final int MAX_CARD = 256;

  /** The largest preview document (name, attributes, last attempts) a call carries. */
  public static final int MAX_PREVIEW = 32_768;

  private final RedisAcd acd;

  public RedisCampaignCalls(RedisAcd acd) {
    this.acd = acd;
  }

  @Override
  public Future<String> place(String tenant, Call call) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_CALL, tenant,
              AcdArgs.id("callId", call.callId()),
              AcdArgs.id("queue", call.queue()),
              AcdArgs.text("number", call.number(), 16),
              AcdArgs.text("callerName", call.name(), 256),
              AcdArgs.id("campaignId", call.campaignId()),
              AcdArgs.text("contact", call.contact(), 128),
              call.callerId() == null ? "" : AcdArgs.text("callerId", call.callerId(), 16),
              call.preview() == null ? "" : AcdArgs.text("preview", call.preview(), MAX_PREVIEW),
              Integer.toString(call.offerSeconds()),
              card(call))
          .map(agent -> agent == null || agent.isEmpty() ? null : agent);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  /** The call's contact card as a script argument ('' when none). */
  private static String card(Call call) throws AcdException {
    return call.contactCard() == null ? "" : AcdArgs.text("contactCard", call.contactCard(), MAX_CARD);
  }

  @Override
  public Future<View> view(String tenant, String queue, List<String> callIds) {
    if (callIds.size() > VIEW_MAX) {
      return Future.failedFuture(AcdArgs.invalid("callIds", "at most " + VIEW_MAX + " calls at once"));
    }
    try {
      List<String> args = new ArrayList<>();
      args.add(AcdArgs.id("queue", queue));
      for (String id : callIds) {
        args.add(AcdArgs.id("callId", id));
      }
      return acd.run(AcdScripts.CAMPAIGN_VIEW, tenant, args.toArray(String[]::new)).map(RedisCampaignCalls::view);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> dialing(String tenant, Call call) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_DIALING, tenant,
              AcdArgs.id("callId", call.callId()),
              AcdArgs.id("queue", call.queue()),
              AcdArgs.text("number", call.number(), 16),
              AcdArgs.text("callerName", call.name(), 256),
              AcdArgs.id("campaignId", call.campaignId()),
              AcdArgs.text("contact", call.contact(), 128),
              card(call))
          .mapEmpty();
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<String> answered(String tenant, String callId) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_ANSWERED, tenant, AcdArgs.id("callId", callId))
          .map(agent -> agent == null || agent.isEmpty() ? null : agent);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> abandon(String tenant, String callId) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_ABANDON, tenant, AcdArgs.id("callId", callId)).map("OK"::equals);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> dialFailed(String tenant, String callId, String outcome, String refused) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_DIAL_FAILED, tenant, AcdArgs.id("callId", callId),
          AcdArgs.id("outcome", outcome), refused == null ? "" : AcdArgs.id("refused", refused)).map("OK"::equals);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> withdraw(String tenant, String callId) {
    try {
      return acd.run(AcdScripts.CAMPAIGN_WITHDRAW, tenant, AcdArgs.id("callId", callId)).map("OK"::equals);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> skipPreview(String tenant, String agentId, String callId, String reason) {
    try {
      return acd.run(AcdScripts.PREVIEW_SKIP, tenant, AcdArgs.id("agentId", agentId), AcdArgs.id("callId", callId),
          reason == null ? "" : AcdArgs.text("reason", reason, 64)).mapEmpty();
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  static View view(String reply) {
    JsonObject o = new JsonObject(reply);
    List<CallView> calls = new ArrayList<>();
    if (o.getValue("calls") instanceof JsonArray rows) { // cjson encodes an empty table as {}
      for (int i = 0; i < rows.size(); i++) {
        JsonObject c = rows.getJsonObject(i);
        calls.add(new CallView(c.getString("callId"), c.getString("state"), c.getString("outcome"),
            c.getBoolean("answered", false), c.getString("disposition"), c.getBoolean("wrapped", false),
            c.getLong("callbackAt"), c.getString("skipReason"), c.getString("refused")));
      }
    }
    List<Long> busy = new ArrayList<>();
    if (o.getValue("busy") instanceof JsonArray rows) { // an empty table: {}
      for (int i = 0; i < rows.size(); i++) {
        busy.add(rows.getLong(i));
      }
    }
    return new View(o.getInteger("idle", 0), List.copyOf(calls), List.copyOf(busy));
  }
}
