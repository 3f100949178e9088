package io.switchboard.call;

import io.switchboard.directory.BusinessHours;
import io.switchboard.directory.FlowGraph;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.ClipSource;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.switchboard.acd.Acd;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a number's flow ({@link FlowGraph}) on an answered call, before any queue: prompts in the call's voice, menus
 * on the caller's RFC 4733 digits, language, business-hours branches, priority and skills, the tenant's webhook
 * ({@link FlowWebhooks}); it ends by handing the call to its queue ({@code enterQueue}), to a voicemail for a queue
 * ({@link Voicemails}), connecting it to a number ({@link FlowTransfers}) or hanging up. The call is not in the ACD
 * meanwhile, so a caller who hangs up in a flow leaves nothing behind (the call's {@code finish} cancels the flow's
 * timer and a transfer's ringing call).
 *
 * <p>Threading: everything runs on the SIP transport's event loop ({@code context}), like the rest of the call.
 */
final class FlowRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
  /** Nodes one call may pass through: a guard against a caller kept in menus forever (the validator bars loops). */
  static final int MAX_STEPS = 100;
  /** Pause after a prompt, and before a menu starts listening. */
  private static final long GAP_MS = 200;

  /** One call's way through its flow. Event loop only. */
  static final class Run {
    final FlowGraph graph;
    final List<String> path = new ArrayList<>();
    String node;
    int tries;
    int steps;
    /** The menu's timeout, or the end of a prompt; -1: none. */
    long timer = -1;
    Integer priority;
    final Map<String, Integer> skills = new TreeMap<>();
    /** Set by a language node; null: the queue's. */
    String language;
    boolean listening;

    Run(FlowGraph graph) {
      this.graph = graph;
    }
  }

  private final Context context;
  private final String tenant;
  private final Prompts prompts;
  private final InboundRouting routing;
  private final Supplier<Clock> clock;
  /** Puts the call into its queue (call.queue, maxWaitMs, hours, voice and spec are set). */
  private final Consumer<InboundCall> enterQueue;
  private final BiConsumer<InboundCall, String> hangUp;
  private final FlowWebhooks webhooks;
  private final Acd acd;
  /** Leaves a voicemail for the call's queue (call.spec has it), with a node's maxSeconds (0: the setting's). */
  private final BiConsumer<InboundCall, Integer> voicemail;
  private final FlowTransfers transfers;

  FlowRunner(Context context, String tenant, Prompts prompts, InboundRouting routing, Supplier<Clock> clock,
      Consumer<InboundCall> enterQueue, BiConsumer<InboundCall, String> hangUp, FlowWebhooks webhooks, Acd acd,
      BiConsumer<InboundCall, Integer> voicemail, FlowTransfers transfers) {
    this.context = context;
    this.transfers = transfers;
    this.voicemail = voicemail;
    this.webhooks = webhooks;
    this.acd = acd;
    this.tenant = tenant;
    this.prompts = prompts;
    this.routing = routing;
    this.clock = clock;
    this.enterQueue = enterQueue;
    this.hangUp = hangUp;
  }

  /** Starts the call's flow at its start node. */
  void start(InboundCall call) {
    call.state = InboundCall.State.IN_FLOW;
    LOG.info("call.flow-start call={} start={}", call.callId, call.flow.graph.start());
    go(call, call.flow.graph.start());
  }

  /** A digit the caller pressed while in the flow: answers a menu that listens, else is ignored. */
  void digit(InboundCall call, char digit) {
    Run run = call.flow;
    if (call.state != InboundCall.State.IN_FLOW || run == null || !run.listening) {
      return;
    }
    FlowGraph.Node menu = run.graph.node(run.node);
    if (menu == null || menu.type() != FlowGraph.Type.MENU) {
      return;
    }
    cancelTimer(call);
    run.listening = false;
    run.path.add(menu.id() + ":" + digit);
    String target = menu.options().get(String.valueOf(digit));
    if (target != null) {
      go(call, target);
    } else {
      retry(call, menu, "invalid digit " + digit);
    }
  }

  /** Cancels what the flow waits for (the call ended). */
  void stop(InboundCall call) {
    cancelTimer(call);
  }

  private void go(InboundCall call, String nodeId) {
    Run run = call.flow;
    if (call.state != InboundCall.State.IN_FLOW) {
      return;
    }
    if (++run.steps > MAX_STEPS) {
      LOG.warn("call.flow-too-long call={} path={}", call.callId, run.path);
      ended(call, "failure");
      hangUp.accept(call, "flow-too-long");
      return;
    }
    FlowGraph.Node n = run.graph.node(nodeId);
    run.node = nodeId;
    run.tries = 0;
    run.path.add(nodeId);
    switch (n.type()) {
      case PLAY -> play(call, n.prompt(), () -> go(call, n.next()));
      case MENU -> ask(call, n, n.prompt());
      case LANGUAGE -> {
        run.language = n.language();
        call.voice = prompts.voice(tenant, n.language());
        go(call, n.next());
      }
      case SET -> {
        if (n.priority() != null) {
          run.priority = n.priority();
        }
        run.skills.putAll(n.skills());
        go(call, n.next());
      }
      case HOURS -> routing.businessHours(n.businessHours()).onComplete(ar -> context.runOnContext(v ->
          branchOnHours(call, n, ar.succeeded() ? ar.result() : null)));
      case WEBHOOK -> webhook(call, n);
      case QUEUE -> queue(call, n.queue(), enterQueue);
      case CALLBACK -> {
        call.offerCallback = true; // the callback dialog starts once it waits there (CallbackOffers.load)
        queue(call, n.queue(), enterQueue);
      }
      case VOICEMAIL -> queue(call, n.queue(), c -> voicemail.accept(c, n.maxSeconds()));
      case TRANSFER -> transfers.start(call, n, (c, outcome) -> transferFailed(c, n, outcome));
      case HANGUP -> {
        if (n.prompt() == null) {
          end(call, "flow");
        } else {
          play(call, n.prompt(), () -> end(call, "flow"));
        }
      }
    }
  }

  /**
   * The transfer was not answered ({@code outcome}: busy, no-answer, invalid-number, rejected, trunk-failure,
   * refused): its failed branch, else the goodbye (all agents busy, call again later) and hang-up.
   */
  private void transferFailed(InboundCall call, FlowGraph.Node n, String outcome) {
    if (call.state != InboundCall.State.IN_FLOW) {
      return;
    }
    call.flow.path.add(n.id() + ":" + outcome);
    if (n.failed() != null) {
      go(call, n.failed());
    } else {
      play(call, WaitingAudio.GOODBYE_PROMPT, () -> end(call, "transfer-failed"));
    }
  }

  private void branchOnHours(InboundCall call, FlowGraph.Node n, BusinessHours hours) {
    if (call.state != InboundCall.State.IN_FLOW) {
      return;
    }
    BusinessHours.Status status = hours == null ? null : hours.status(clock.get().instant());
    String target;
    if (status == null || status.open()) {
      target = n.open();
    } else if (status.reason() == BusinessHours.Reason.HOLIDAY && n.holiday() != null) {
      target = n.holiday();
    } else {
      target = n.closed();
    }
    go(call, target);
  }

  /** Asks the tenant's URL which branch to take; anything but a known branch in time takes the fallback. */
  private void webhook(InboundCall call, FlowGraph.Node n) {
    Run run = call.flow;
    JsonObject body = new JsonObject().put("tenant", tenant).put("callId", call.callId)
        .put("caller", call.spec.caller()).put("callerName", call.spec.callerName())
        .put("language", run.language).put("node", n.id()).put("path", new JsonArray(List.copyOf(run.path)));
    webhooks.ask(n.url(), n.timeoutMs(), body).onComplete(ar -> context.runOnContext(v -> {
      if (call.state != InboundCall.State.IN_FLOW) {
        return;
      }
      String target = ar.succeeded() ? n.branches().get(ar.result()) : null;
      if (target == null) {
        LOG.info("call.flow-webhook call={} node={} fallback why={}", call.callId, n.id(),
            ar.succeeded() ? "unknown branch " + ar.result() : ar.cause().getMessage());
        run.path.add(n.id() + ":fallback");
        go(call, n.fallback());
        return;
      }
      run.path.add(n.id() + ":" + ar.result());
      go(call, target);
    }));
  }

  /** Says the menu's prompt and listens (digits pressed during the prompt count), for its timeout after it. */
  private void ask(InboundCall call, FlowGraph.Node menu, String prompt) {
    Run run = call.flow;
    run.listening = true;
    AudioClip clip = call.voice.clip(prompt);
    output(call, SequenceSource.of(Silence.millis(GAP_MS), ClipSource.once(clip)));
    long wait = GAP_MS + clip.durationMillis() + menu.timeoutSeconds() * 1000L;
    run.timer = context.owner().setTimer(wait, t -> context.runOnContext(v -> {
      run.timer = -1;
      if (run.listening && menu.id().equals(run.node) && call.state == InboundCall.State.IN_FLOW) {
        run.listening = false;
        retry(call, menu, "no input");
      }
    }));
  }

  private void retry(InboundCall call, FlowGraph.Node menu, String why) {
    Run run = call.flow;
    run.tries++;
    LOG.info("call.flow-menu call={} node={} try={} why={}", call.callId, menu.id(), run.tries, why);
    if (run.tries > menu.retries()) {
      run.path.add(menu.id() + ":fallback");
      go(call, menu.fallback());
      return;
    }
    if (menu.invalidPrompt() != null) {
      play(call, menu.invalidPrompt(), () -> ask(call, menu, menu.prompt()));
    } else {
      ask(call, menu, menu.prompt());
    }
  }

  private void play(InboundCall call, String prompt, Runnable then) {
    Run run = call.flow;
    AudioClip clip = call.voice.clip(prompt);
    output(call, SequenceSource.of(Silence.millis(GAP_MS), ClipSource.once(clip)));
    run.timer = context.owner().setTimer(GAP_MS + clip.durationMillis() + GAP_MS, t -> context.runOnContext(v -> {
      run.timer = -1;
      if (call.state == InboundCall.State.IN_FLOW) {
        then.run();
      }
    }));
  }

  /**
   * The flow's queue: its hours, maximum wait and language (the flow's language wins), then {@code then}: into the
   * queue, or a voicemail for it.
   */
  private void queue(InboundCall call, String queue, Consumer<InboundCall> then) {
    Run run = call.flow;
    routing.queue(new InboundRouting.Route(null, 0, call.region), queue).onComplete(ar -> context.runOnContext(v -> {
      if (call.state != InboundCall.State.IN_FLOW) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("call.flow-queue-failed call={} queue={} why={}", call.callId, queue, ar.cause().toString());
        ended(call, "failure");
        hangUp.accept(call, "flow-queue-failed");
        return;
      }
      InboundRouting.Route r = ar.result();
      call.queue = queue;
      call.maxWaitMs = r.maxWaitMs();
      call.hours = r.hours();
      String language = run.language != null ? run.language : r.language();
      call.voice = prompts.voice(tenant, language);
      call.spec = new io.switchboard.acd.CallSpec(call.spec.callId(), queue, run.priority, run.skills,
          run.language, call.spec.caller(), call.spec.callerName(), call.spec.region(), call.spec.node(),
          String.join(" > ", run.path));
      call.afterHours = r.afterHours();
      LOG.info("call.flow-end call={} queue={} path={}", call.callId, queue, run.path);
      then.accept(call);
    }));
  }

  private void end(InboundCall call, String why) {
    LOG.info("call.flow-end call={} hangup path={}", call.callId, call.flow.path);
    ended(call, "flow");
    hangUp.accept(call, why);
  }

  /**
   * Records a call that ends in its flow ({@code by}: flow, caller or failure) through the ACD, so it has an
   * interaction; the call is ended by the caller of this method. Call while the state is still IN_FLOW.
   */
  void ended(InboundCall call, String by) {
    if (call.state != InboundCall.State.IN_FLOW || call.flow == null || call.spec == null) {
      return;
    }
    acd.flowEnded(tenant, endedSpec(call), by)
        .onFailure(e -> LOG.warn("call.flow-record-failed call={} why={}", call.callId, e.toString()));
  }

  /** What the record of a call that ends in its flow says of it: no queue, the flow's language and path. */
  static io.switchboard.acd.CallSpec endedSpec(InboundCall call) {
    Run run = call.flow;
    io.switchboard.acd.CallSpec s = call.spec;
    return new io.switchboard.acd.CallSpec(s.callId(), null, null, null, run.language, s.caller(), s.callerName(),
        s.region(), s.node(), String.join(" > ", run.path));
  }

  private static void output(InboundCall call, AudioSource source) {
    call.media.session().output().switchTo(source);
  }

  private void cancelTimer(InboundCall call) {
    Run run = call.flow;
    if (run != null && run.timer >= 0) {
      context.owner().cancelTimer(run.timer);
      run.timer = -1;
    }
  }
}
