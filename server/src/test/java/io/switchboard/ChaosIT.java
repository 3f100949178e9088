package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.ChaosSuite;
import io.switchboard.bench.ChaosSuite.Fault;
import io.switchboard.bench.ChaosSuite.Report;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's quick form (docs/benchmarks.md has the full one): two child-JVM nodes on Redis with Sentinel,
 * agents and sipp callers from outside, one fault per test under load. The targets, as assertions.
 */
class ChaosIT {

  @Test
  void aNodeKilledUnderLoadLosesExactlyItsOwnUnansweredCalls() throws Exception {
    Report r = ChaosSuite.run(Fault.KILL_NODE, ChaosSuite.Load.quick());
    System.out.println("ChaosIT: " + r);
    assertNothingTwiceNobodyStuck(r);
    // every call the dead node held unanswered is lost, or was answered before anyone could know and ended with it
    assertThat(r.lost() + r.answeredInWindow()).isGreaterThanOrEqualTo(r.lostExpected());
    assertThat(r.lostByNode().keySet()).isSubsetOf("chaos-1");
    assertThat(r.routingResumedMs()).isBetween(0L, 10_000L);
    assertThat(r.victimAgentsOfferedAfterMs()).as("the dead node's agents offered again").isBetween(0L, 30_000L);
  }

  @Test
  void theRedisMasterKilledUnderLoadLosesNoCall() throws Exception {
    Report r = ChaosSuite.run(Fault.KILL_REDIS_MASTER, ChaosSuite.Load.quick());
    System.out.println("ChaosIT: " + r);
    assertNothingTwiceNobodyStuck(r);
    assertThat(r.lost()).isZero();
    assertThat(r.routingResumedMs()).isBetween(0L, 10_000L);
  }

  @Test
  void aNodePausedPastItsTtlLosesOnlyItsOwnCallsAndRejoins() throws Exception {
    Report r = ChaosSuite.run(Fault.PAUSE_NODE, ChaosSuite.Load.quick());
    System.out.println("ChaosIT: " + r);
    assertNothingTwiceNobodyStuck(r);
    assertThat(r.lostByNode().keySet()).isSubsetOf("chaos-2");
    assertThat(r.lost()).isLessThanOrEqualTo(r.lostExpected());
  }

  private static void assertNothingTwiceNobodyStuck(Report r) {
    assertThat(r.routedTwice()).as("calls routed twice").isZero();
    assertThat(r.offersWhileBusy()).as("agents offered a call while on one").isZero();
    assertThat(r.agentsStuck()).as("agents stuck reserved or on a call").isZero();
    assertThat(r.answered()).as("calls answered").isPositive();
    // every caller the fault did not hit is answered; only new calls while Redis had no master may be refused (503)
    assertThat(r.callersNotAnswered()).as("callers on the other node(s) neither answered nor refused\n%s",
        r.diagnostics()).isZero();
  }
}
