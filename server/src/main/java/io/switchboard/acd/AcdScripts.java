package io.switchboard.acd;

import io.switchboard.redis.Lua;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ACD's Lua scripts: {@code /lua/acd-lib.lua} (shared functions and the argument convention), then
 * {@code /lua/acd-region.lua} (region preference: fills acd-lib's {@code REGION} hooks), then one
 * {@code /lua/acd-<op>.lua} each. Redis scripts cannot include one another, so the libraries are prepended
 * here, in this order (each may use the locals of those before it), each cut down by {@link LuaLibrary} to the
 * definitions the operation's script reaches (Redis runs the whole text on every call); each resulting script is
 * cached by Redis under its own SHA.
 */
final class AcdScripts {
  /** Declared first: the static fields below are built from it in this order. */
  private static final LuaLibrary LIBRARY = new LuaLibrary(List.of(read("acd-lib"), read("acd-region")));

  static final Lua ENQUEUE = load("enqueue");
  static final Lua STATE = load("state");
  static final Lua ACCEPT = load("accept");
  static final Lua REJECT = load("reject");
  static final Lua HANGUP = load("hangup");
  static final Lua TRANSFER = load("transfer");
  static final Lua CALLER_HANGUP = load("caller-hangup");
  static final Lua WRAPUP_DONE = load("wrapup-done");
  static final Lua DISCONNECTED = load("disconnected");
  static final Lua AGENT = load("agent");
  static final Lua CALL = load("call");
  static final Lua STATS = load("stats");
  static final Lua SWEEP = load("sweep");
  static final Lua ATTACH = load("attach");
  static final Lua NODE_LOST = load("node-lost");
  static final Lua CALL_FLAG = load("call-flag");
  static final Lua CONSULT = load("consult");
  static final Lua RECORDING = load("recording");
  static final Lua MONITOR = load("monitor");
  static final Lua RECONCILE = load("reconcile");
  static final Lua DTMF = load("dtmf");
  static final Lua ESTIMATE = load("estimate");
  static final Lua CLOSED = load("closed");
  static final Lua HOURS = load("hours");
  static final Lua FLOW_ENDED = load("flow-ended");
  static final Lua TRUNK_ACQUIRE = load("trunk-acquire");
  static final Lua TRUNK_RELEASE = load("trunk-release");
  static final Lua TRUNK_SYNC = load("trunk-sync");
  static final Lua DIAL = load("dial");
  static final Lua DIAL_ANSWERED = load("dial-answered");
  static final Lua DIAL_FAILED = load("dial-failed");
  static final Lua CALLBACK = load("callback");
  static final Lua CAMPAIGN_CALL = load("campaign-call");
  static final Lua CAMPAIGN_VIEW = load("campaign-view");
  static final Lua CAMPAIGN_WITHDRAW = load("campaign-withdraw");
  static final Lua CAMPAIGN_DIALING = load("campaign-dialing");
  static final Lua CAMPAIGN_ANSWERED = load("campaign-answered");
  static final Lua CAMPAIGN_ABANDON = load("campaign-abandon");
  static final Lua CAMPAIGN_DIAL_FAILED = load("campaign-dial-failed");
  static final Lua PREVIEW_SKIP = load("preview-skip");
  static final Lua VOICEMAIL = load("voicemail");
  static final Lua CASE = load("case");
  static final Lua CHAT = load("chat");

  private AcdScripts() {}

  private static Lua load(String op) {
    return Lua.of("acd-" + op, source(op));
  }

  /** The text sent to Redis for operation op: the library definitions it uses, then acd-&lt;op&gt;.lua. */
  static String source(String op) {
    return LIBRARY.assemble(read("acd-" + op));
  }

  private static String read(String name) {
    String path = "/lua/" + name + ".lua";
    try (InputStream in = AcdScripts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
