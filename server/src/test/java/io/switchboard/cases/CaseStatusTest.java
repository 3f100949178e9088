package io.switchboard.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The case life cycle, the strict reading of bodies and the superior rule, as pure functions. */
class CaseStatusTest {

  @Test
  void aClosedCaseOnlyReopens() {
    assertThat(CaseStatus.CLOSED.next()).containsExactly(CaseStatus.OPEN);
    assertThat(CaseStatus.RESOLVED.next()).containsExactlyInAnyOrder(CaseStatus.OPEN, CaseStatus.CLOSED);
    for (CaseStatus s : EnumSet.of(CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING)) {
      assertThat(s.next()).as(s.wire()).contains(CaseStatus.RESOLVED, CaseStatus.CLOSED).doesNotContain(s);
      assertThat(s.active()).isTrue();
    }
    assertThat(CaseStatus.RESOLVED.active()).isFalse();
    assertThat(CaseStatus.fromWire("pending")).contains(CaseStatus.PENDING);
    assertThat(CaseStatus.fromWire("PENDING")).isEmpty();
  }

  @Test
  void bodiesAreReadStrictlyNamingTheField() {
    CaseInput.NewCase c = CaseInput.create(new JsonObject().put("subject", "  Refund  ").put("department", "billing"));
    assertThat(c.subject()).isEqualTo("Refund");
    assertThat(c.priority()).isEqualTo(CasePriority.NORMAL);
    assertThat(c.status()).isEqualTo(CaseStatus.NEW);
    assertThat(field(() -> CaseInput.create(new JsonObject().put("department", "billing")))).isEqualTo("subject");
    assertThat(field(() -> CaseInput.create(new JsonObject().put("subject", "x")))).isEqualTo("department");
    assertThat(field(() -> CaseInput.create(new JsonObject().put("subject", "x").put("department", "b")
        .put("priority", "asap")))).isEqualTo("priority");
    assertThat(field(() -> CaseInput.create(new JsonObject().put("subject", "x").put("department", "b")
        .put("status", "closed")))).isEqualTo("status");
    assertThat(field(() -> CaseInput.create(new JsonObject().put("subject", "x").put("department", "b")
        .put("colour", "red")))).isEqualTo("colour");
    assertThat(field(() -> CaseInput.patch(new JsonObject().put("department", "sales")))).isEqualTo("department");
    assertThat(field(() -> CaseInput.patch(new JsonObject().put("customerId", "nope")))).isEqualTo("customerId");
    assertThat(CaseInput.patch(new JsonObject().putNull("owner"))).containsEntry("owner", null);
    assertThatThrownBy(() -> CaseInput.patch(new JsonObject())).hasMessageContaining("nothing to change");
  }

  @Test
  void theSuperiorIsTheLeaderThenTheManager() {
    JsonObject team = new JsonObject().put("leader", "bob").put("manager", "sam");
    assertThat(Superiors.above("alice", "t1", team).superior()).isEqualTo("bob");
    assertThat(Superiors.above("bob", "t1", team).superior()).isEqualTo("sam");
    assertThat(Superiors.above("sam", "t1", team).none()).isEqualTo("team 't1' has no one above 'sam'");
    assertThat(Superiors.above("alice", "t1", new JsonObject()).none())
        .isEqualTo("team 't1' has no leader or manager");
    assertThat(Superiors.above("alice", "t1", new JsonObject().put("manager", "sam")).superior()).isEqualTo("sam");
  }

  private static String field(Runnable r) {
    try {
      r.run();
    } catch (CaseException e) {
      return e.field();
    }
    throw new AssertionError("not refused");
  }
}
