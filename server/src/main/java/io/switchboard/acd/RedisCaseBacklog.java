package io.switchboard.acd;

import io.vertx.core.Future;

/** {@link CaseBacklog} on the Redis ACD: one {@code acd-case.lua} call, run as {@link RedisAcd} runs its own. */
public final class RedisCaseBacklog implements CaseBacklog {
  /** The longest subject an offer carries (the case keeps its own: docs/cases.md). */
  static final int SUBJECT_MAX = 200;

  private final RedisAcd acd;

  public RedisCaseBacklog(RedisAcd acd) {
    this.acd = acd;
  }

  @Override
  public Future<Placed> place(String tenant, Item item) {
    try {
      if (item.rank() < 0 || item.dueAtMs() < 0) {
        throw AcdArgs.invalid("rank", "rank and dueAt must not be negative");
      }
      return acd.run(AcdScripts.CASE, tenant, CaseBacklog.callId(item.caseId()), Long.toString(item.caseId()),
              item.queue() == null ? "" : AcdArgs.id("queue", item.queue()), Long.toString(item.rank()),
              AcdArgs.text("subject", item.subject(), SUBJECT_MAX), AcdArgs.id("priority", item.priority()),
              Long.toString(item.dueAtMs()))
          .map(RedisCaseBacklog::placed);
    } catch (AcdException e) {
      return Future.failedFuture(e);
    }
  }

  static Placed placed(String reply) {
    int space = reply.indexOf(' ');
    return space < 0 ? new Placed(reply.toLowerCase(java.util.Locale.ROOT), null)
        : new Placed(reply.substring(0, space).toLowerCase(java.util.Locale.ROOT), reply.substring(space + 1));
  }
}
