package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterKeysTest {
  @Test
  void agentMembersRoundTripAndGarbageIsIgnored() {
    assertThat(ClusterKeys.parseMember(ClusterKeys.member("acme", "a/b"))).isEqualTo(new AgentRef("acme", "a/b"));
    assertThat(ClusterKeys.parseMember("nodash")).isNull();
    assertThat(ClusterKeys.parseMember("/x")).isNull();
    assertThat(ClusterKeys.parseMember("acme/")).isNull();
  }

  @Test
  void keysStayOutsideTenantSlotsAndNextToTheChannel() {
    assertThat(ClusterKeys.agents("n1")).isEqualTo("sb:node:n1:agents");
    assertThat(ClusterKeys.info("n1")).isEqualTo("sb:node:n1:info");
    assertThat(ClusterKeys.cleanupLock("n1")).isEqualTo("sb:node:n1:cleanup");
  }
}
