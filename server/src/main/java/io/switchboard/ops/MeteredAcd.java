package io.switchboard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.CallStatus;
import io.switchboard.monitor.ConsultTarget;
import io.switchboard.acd.Enqueued;
import io.switchboard.acd.TenantStats;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Times every ACD operation into {@code switchboard_acd_seconds{op, outcome}} (outcome: ok, the
 * AcdException code, or error), so a dashboard shows routing latency and refusals per operation without
 * the ACD knowing about metrics. Thread-safe; adds one timer lookup per call.
 */
public final class MeteredAcd implements Acd {
  private final Acd delegate;
  private final MeterRegistry registry;

  public MeteredAcd(Acd delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  private <T> Future<T> timed(String op, Supplier<Future<T>> call) {
    long start = System.nanoTime();
    return call.get().andThen(ar -> {
      String outcome = ar.succeeded() ? "ok"
          : ar.cause() instanceof AcdException e ? e.code() : "error";
      Timer.builder("switchboard.acd").description("ACD operations, one Redis script each")
          .tag("op", op).tag("outcome", outcome).register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    });
  }

  @Override
  public Future<Enqueued> enqueue(String tenant, CallSpec call) {
    return timed("enqueue", () -> delegate.enqueue(tenant, call));
  }

  @Override
  public Future<AgentStatus> setState(String tenant, String agentId, AgentState target, String reason, String nodeId) {
    return timed("set-state", () -> delegate.setState(tenant, agentId, target, reason, nodeId));
  }

  @Override
  public Future<Void> accept(String tenant, String agentId, String callId) {
    return timed("accept", () -> delegate.accept(tenant, agentId, callId));
  }

  @Override
  public Future<Void> reject(String tenant, String agentId, String callId) {
    return timed("reject", () -> delegate.reject(tenant, agentId, callId));
  }

  @Override
  public Future<Void> hangup(String tenant, String agentId, String callId) {
    return timed("hangup", () -> delegate.hangup(tenant, agentId, callId));
  }

  @Override
  public Future<Void> transfer(String tenant, String agentId, String callId, String targetQueue, String targetAgent) {
    return timed("transfer", () -> delegate.transfer(tenant, agentId, callId, targetQueue, targetAgent));
  }

  @Override
  public Future<Void> dial(String tenant, String agentId, String callId, Dial dial) {
    return timed("dial", () -> delegate.dial(tenant, agentId, callId, dial));
  }

  @Override
  public Future<Void> dialAnswered(String tenant, String callId) {
    return timed("dial-answered", () -> delegate.dialAnswered(tenant, callId));
  }

  @Override
  public Future<Void> dialFailed(String tenant, String callId, String outcome) {
    return timed("dial-failed", () -> delegate.dialFailed(tenant, callId, outcome));
  }

  @Override
  public Future<Void> dialFailed(String tenant, String callId, String outcome, String refused) {
    return timed("dial-failed", () -> delegate.dialFailed(tenant, callId, outcome, refused));
  }

  @Override
  public Future<Boolean> callbackRequested(String tenant, String callId, String number, int attempts,
      long retryDelayMs) {
    return timed("callback", () -> delegate.callbackRequested(tenant, callId, number, attempts, retryDelayMs));
  }

  @Override
  public Future<Void> voicemail(String tenant, CallSpec call, String recordingId, long durationMs,
      boolean afterHours) {
    return timed("voicemail", () -> delegate.voicemail(tenant, call, recordingId, durationMs, afterHours));
  }

  @Override
  public Future<Void> callerHangup(String tenant, String callId) {
    return timed("caller-hangup", () -> delegate.callerHangup(tenant, callId));
  }

  @Override
  public Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes) {
    return timed("wrap-up-done", () -> delegate.wrapUpDone(tenant, agentId, callId, disposition, notes));
  }

  @Override
  public Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes,
      Long callbackAtMs) {
    return timed("wrap-up-done", () -> delegate.wrapUpDone(tenant, agentId, callId, disposition, notes, callbackAtMs));
  }

  @Override
  public Future<Void> disconnected(String tenant, String agentId, String nodeId) {
    return timed("disconnected", () -> delegate.disconnected(tenant, agentId, nodeId));
  }

  @Override
  public Future<AgentStatus> attach(String tenant, String agentId, String nodeId) {
    return timed("attach", () -> delegate.attach(tenant, agentId, nodeId));
  }

  @Override
  public Future<NodeLoss> nodeLost(String tenant, String deadNode) {
    return timed("node-lost", () -> delegate.nodeLost(tenant, deadNode));
  }

  @Override
  public Future<Reconciled> reconcile(String tenant, String nodeId, java.util.List<HeldCall> calls) {
    return timed("reconcile", () -> delegate.reconcile(tenant, nodeId, calls));
  }

  @Override
  public Future<String> reserveConsult(String tenant, String agentId, String callId,
      ConsultTarget target) {
    return timed("consult", () -> delegate.reserveConsult(tenant, agentId, callId, target));
  }

  @Override
  public Future<Void> releaseConsult(String tenant, String agentId, String callId, String colleagueId) {
    return timed("consult-release", () -> delegate.releaseConsult(tenant, agentId, callId, colleagueId));
  }

  @Override
  public Future<Void> declineConsult(String tenant, String agentId, String callId, String colleagueId,
      String reason) {
    return timed("consult-decline", () -> delegate.declineConsult(tenant, agentId, callId, colleagueId, reason));
  }

  @Override
  public Future<Void> completeConsult(String tenant, String agentId, String callId, String colleagueId,
      String kind) {
    return timed("consult-complete", () -> delegate.completeConsult(tenant, agentId, callId, colleagueId, kind));
  }

  @Override
  public Future<Void> setCallFlag(String tenant, String agentId, String callId, CallFlag flag, boolean on) {
    return timed("call-flag", () -> delegate.setCallFlag(tenant, agentId, callId, flag, on));
  }

  @Override
  public Future<Void> recordingEvent(String tenant, String type, String callId, String agentId, String queue,
      String recordingId) {
    return timed("recording-event", () -> delegate.recordingEvent(tenant, type, callId, agentId, queue,
        recordingId));
  }

  @Override
  public Future<Void> monitorEvent(String tenant, String type, String callId, String agentId, String queue,
      String supervisorId, String mode) {
    return timed("monitor-event", () -> delegate.monitorEvent(tenant, type, callId, agentId, queue, supervisorId,
        mode));
  }

  @Override
  public Future<Void> dtmf(String tenant, String callId, String queue, String agentId, char digit, long durationMs) {
    return timed("dtmf", () -> delegate.dtmf(tenant, callId, queue, agentId, digit, durationMs));
  }

  @Override
  public Future<Integer> queuePosition(String tenant, String queue, String callId) {
    return timed("queue-position", () -> delegate.queuePosition(tenant, queue, callId));
  }

  @Override
  public Future<io.switchboard.acd.WaitEstimate> waitEstimate(String tenant, String queue, String callId) {
    return timed("wait-estimate", () -> delegate.waitEstimate(tenant, queue, callId));
  }

  @Override
  public Future<Boolean> closed(String tenant, io.switchboard.acd.CallSpec call) {
    return timed("closed", () -> delegate.closed(tenant, call));
  }

  @Override
  public Future<Boolean> queueHours(String tenant, String queue, boolean open) {
    return timed("hours", () -> delegate.queueHours(tenant, queue, open));
  }

  @Override
  public Future<Void> flowEnded(String tenant, io.switchboard.acd.CallSpec call, String by) {
    return timed("flow-ended", () -> delegate.flowEnded(tenant, call, by));
  }

  @Override
  public Future<Void> flowEnded(String tenant, io.switchboard.acd.CallSpec call, String by, FlowTransfer transfer) {
    return timed("flow-ended", () -> delegate.flowEnded(tenant, call, by, transfer));
  }

  @Override
  public Future<AgentStatus> agent(String tenant, String agentId) {
    return timed("agent", () -> delegate.agent(tenant, agentId));
  }

  @Override
  public Future<CallStatus> call(String tenant, String callId) {
    return timed("call", () -> delegate.call(tenant, callId));
  }

  @Override
  public Future<TenantStats> stats(String tenant) {
    return timed("stats", () -> delegate.stats(tenant));
  }

  @Override
  public Future<Integer> sweep(String tenant) {
    return timed("sweep", () -> delegate.sweep(tenant));
  }
}
