package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argument checks and reply decoding, without Redis. */
class AcdArgsTest {

  static void refusedAs(Runnable r, String field) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(AcdException.class, e -> {
      assertThat(e.code()).isEqualTo("invalid-argument");
      assertThat(e.getMessage()).startsWith(field + ":");
    });
  }

  @Test
  void tenantsAndIdsCannotCarryBracesSpacesOrBeEmpty() {
    assertThat(AcdArgs.tenant("acme-2")).isEqualTo("acme-2");
    refusedAs(() -> AcdArgs.tenant("Acme"), "tenant");
    refusedAs(() -> AcdArgs.tenant("a}b"), "tenant");
    refusedAs(() -> AcdArgs.tenant(null), "tenant");
    assertThat(AcdArgs.id("callId", "a84b@10.0.0.1:5060;x=1")).isNotNull();
    refusedAs(() -> AcdArgs.id("callId", "{acme}"), "callId");
    refusedAs(() -> AcdArgs.id("agentId", "two words"), "agentId");
    refusedAs(() -> AcdArgs.id("agentId", ""), "agentId");
    refusedAs(() -> AcdArgs.id("agentId", "x".repeat(257)), "agentId");
  }

  @Test
  void priorityLevelsLanguageAndReasonAreRangeChecked() {
    assertThat(AcdArgs.priority(null)).isEmpty();
    assertThat(AcdArgs.priority(0)).isEqualTo("0");
    assertThat(AcdArgs.priority(100)).isEqualTo("100");
    refusedAs(() -> AcdArgs.priority(-1), "priority");
    refusedAs(() -> AcdArgs.priority(101), "priority");
    assertThat(AcdArgs.skills(Map.of("billing", 1, "vip", 5))).hasSize(2);
    refusedAs(() -> AcdArgs.skills(Map.of("billing", 0)), "skills.billing");
    refusedAs(() -> AcdArgs.skills(Map.of("billing", 6)), "skills.billing");
    assertThat(AcdArgs.language("pt-BR")).isEqualTo("pt-BR");
    refusedAs(() -> AcdArgs.language("english please"), "language");
    assertThat(AcdArgs.reason(null)).as("the ACD takes the tenant's first reason").isEmpty();
    assertThat(AcdArgs.reason("lunch")).isEqualTo("lunch");
    refusedAs(() -> AcdArgs.reason("Lunch!"), "reason");
    refusedAs(() -> AcdArgs.text("notes", "x".repeat(11), 10), "notes");
  }

  @Test
  void regionsAreDirectoryLabelsThatCannotBreakAKeyAndAbsentMeansNone() {
    assertThat(AcdArgs.region(null)).isEmpty();
    assertThat(AcdArgs.region("")).isEmpty();
    assertThat(AcdArgs.region("eu-west.1_b")).isEqualTo("eu-west.1_b");
    refusedAs(() -> AcdArgs.region("eu west"), "region");
    refusedAs(() -> AcdArgs.region("{eu}"), "region");
    refusedAs(() -> AcdArgs.region("e".repeat(65)), "region");
  }

  @Test
  void scriptErrorRepliesBecomeCodedExceptionsAndOthersPassThrough() {
    Throwable coded = RedisAcd.translate(new RedisCommandExecutionException("ACD:not-reserved:call c1 is not: reserved"));
    assertThat(coded).isInstanceOfSatisfying(AcdException.class, e -> {
      assertThat(e.code()).isEqualTo("not-reserved");
      assertThat(e.getMessage()).isEqualTo("call c1 is not: reserved");
    });
    assertThat(RedisAcd.translate(new RedisCommandExecutionException("ERR ACD:unknown-call:x")))
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("unknown-call"));
    RuntimeException other = new RedisCommandExecutionException("OOM command not allowed");
    assertThat(RedisAcd.translate(other)).isSameAs(other);
  }

  @Test
  void statsRepliesDecodeEvenWhenLuaEncodesAnEmptyListAsAnObject() {
    TenantStats empty = RedisAcd.tenantStats("{\"now\":1000,\"queues\":{},\"agents\":{\"on-call\":2}}");
    assertThat(empty.queues()).isEmpty();
    assertThat(empty.agentsByState()).containsEntry(AgentState.ON_CALL, 2).containsEntry(AgentState.AWAY, 0);

    TenantStats one = RedisAcd.tenantStats("{\"now\":61000,\"queues\":[{\"queue\":\"q\",\"waiting\":1,"
        + "\"oldestEnqueuedAt\":1000,\"offered\":4,\"answered\":3,\"answeredInTarget\":2,\"abandoned\":1}],\"agents\":{}}");
    TenantStats.QueueStats q = one.queues().get(0);
    assertThat(q.longestWaitSeconds()).isEqualTo(60);
    assertThat(q.serviceLevelPercent()).isEqualTo(50.0);
    assertThat(q.abandonPercent()).isEqualTo(25.0);
    assertThat(q.goals()).isNull();

    TenantStats goals = RedisAcd.tenantStats("{\"now\":0,\"queues\":[{\"queue\":\"q\",\"goals\":"
        + "{\"serviceLevelPercent\":90,\"serviceLevelSeconds\":15,\"ahtSeconds\":240}}],\"agents\":{}}");
    assertThat(goals.queues().get(0).goals()).isEqualTo(new TenantStats.QueueGoals(90, 15, null, null, 240));
    assertThat(goals.queues().get(0).serviceLevelPercent()).isNull();
  }
}
