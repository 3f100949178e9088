package io.switchboard.api;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Oversight;
import io.switchboard.recording.Recording;
import io.switchboard.recording.RecordingCatalog;
import io.switchboard.recording.RecordingStore;
import io.switchboard.recording.Recordings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Call recordings: {@code GET /api/v1/recordings?callId=} (the call's recordings, oldest first; supervisors,
 * managers and admins of the tenant: "supervisors and admins" below means these three) and {@code GET /api/v1/recordings/{id}/audio} (the WAV, with HTTP Range so a player can
 * seek: 206 + Content-Range for one range, 416 for one that cannot be served). Audio is for supervisors and admins
 * of the tenant, and for the agent of the recorded connection only when its tenant allows it
 * ({@code recording.agent-playback-tenants}; else 403). A voicemail (id {@code vm-...}, docs/voicemail.md) is for
 * supervisors and admins of the tenant, and for the agent it is offered or assigned to (the ACD's agent of its
 * virtual call), whatever the tenant's playback setting; any other agent gets 403. Another tenant's id is 404, as is
 * an unknown one. A team leader lists and plays the recordings of its teams' members' connections ({@link Oversight}),
 * others' being 404 (and absent from the list), as for an unknown id. Every
 * audio request is logged in {@code recording_listens} (who, when, which range) before a byte is sent.
 *
 * <p>Threading: parameters are checked on the event loop; the catalog (JDBC) and the store (file reads) run on worker
 * threads, {@value #PIECE} bytes at a time, respecting the response's write queue.
 */
public final class RecordingsApi {
  static final String BASE = AdminApi.PREFIX + "/recordings";
  static final int PIECE = 64 * 1024;

  private final RecordingCatalog catalog;
  private final RecordingStore store;
  private final Predicate<String> agentsMayPlay;
  /** The ACD, asked whose a voicemail is; null: agents may play no voicemail. */
  private Acd acd;
  /** Whose recordings a team leader may list and play; null: none. */
  private Oversight oversight;

  /** @param agentsMayPlay whether a tenant lets agents play their own calls' recordings */
  public RecordingsApi(RecordingCatalog catalog, RecordingStore store, Predicate<String> agentsMayPlay) {
    this.catalog = catalog;
    this.store = store;
    this.agentsMayPlay = agentsMayPlay;
  }

  /** Lets agents play the voicemails offered or assigned to them, as {@code acd} says. */
  public RecordingsApi withVoicemails(Acd acd) {
    this.acd = acd;
    return this;
  }

  /** Lets team leaders list and play the recordings of their teams' members, as {@code oversight} says. */
  public RecordingsApi withOversight(Oversight oversight) {
    this.oversight = oversight;
    return this;
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(BASE).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER))
        .handler(this::list);
    router.get(BASE + "/:id/audio").handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER,
        Role.TEAM_LEADER, Role.AGENT)).handler(this::audio);
  }

  /** The agents whose recordings a team leader may read (its teams' members); null for anyone else. */
  private Future<Set<String>> members(Principal p) {
    if (p.tenantWide() || !p.has(Role.TEAM_LEADER)) {
      return Future.succeededFuture(null);
    }
    Oversight o = oversight;
    return o == null ? Future.succeededFuture(Set.of()) : o.of(p).map(Oversight.Reach::agents);
  }

  private void list(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String tenant = p.tenant();
    String callId = rc.queryParams().get("callId");
    if (callId == null || callId.isBlank()) {
      throw Problem.invalidField("callId", "is required");
    }
    if (callId.length() > 128) {
      throw Problem.invalidField("callId", "is longer than 128 characters");
    }
    members(p).compose(led -> rc.vertx().executeBlocking(() -> catalog.ofCall(tenant, callId).stream()
            .filter(r -> led == null || led.contains(r.agentId())).toList())) // another team's: as if none
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          list.forEach(r -> items.add(json(r)));
          DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
        })
        .onFailure(rc::fail);
  }

  static JsonObject json(Recording r) {
    JsonArray spans = new JsonArray();
    r.pausedSpans().forEach(s -> spans.add(new JsonObject().put("fromMs", s.fromMs())
        .put("toMs", s.toMs() < 0 ? null : s.toMs())));
    return new JsonObject()
        .put("id", r.id())
        .put("callId", r.callId())
        .put("agentId", r.agentId())
        .put("queue", r.queue())
        .put("startedAt", r.startedAt().toString())
        .put("endedAt", r.endedAt() == null ? null : r.endedAt().toString())
        .put("durationMs", r.durationMs())
        .put("status", r.status().wire())
        .put("pausedSpans", spans)
        .put("channels", r.channels())
        .put("bytes", r.bytes())
        .put("failure", r.failure())
        .put("audio", BASE + "/" + r.id() + "/audio");
  }

  private void audio(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String id = rc.pathParam("id");
    String rangeHeader = rc.request().getHeader("Range");
    Vertx vertx = rc.vertx();
    members(p).compose(led -> vertx.executeBlocking(() -> catalog.get(p.tenant(), id)
            .filter(r -> led == null || led.contains(r.agentId()) || p.has(Role.AGENT)) // another team's: unknown
            .orElseThrow(() -> Problem.notFound("no such recording '" + id + "'")))
        .compose(r -> {
          boolean privileged = p.tenantWide() || led != null && led.contains(r.agentId());
          return (privileged || !id.startsWith(Recordings.VOICEMAIL_PREFIX) ? Future.succeededFuture(r)
              : voicemailOf(p, r)).compose(x -> vertx.executeBlocking(() -> serve(p, x, rangeHeader, privileged)));
        }))
        .onSuccess(s -> send(rc, s)).onFailure(rc::fail);
  }

  /** {@code r}, a voicemail, when the agent {@code p} is the one its virtual call is offered or assigned to. */
  private Future<Recording> voicemailOf(Principal p, Recording r) {
    Acd a = acd;
    Future<Boolean> mine = a == null || p.kind() != Principal.Kind.USER ? Future.succeededFuture(false)
        : a.call(p.tenant(), r.callId()).map(c -> p.subject().equals(c.agentId())
            && r.id().equals(c.voicemail())).otherwise(false);
    return mine.compose(yes -> yes ? Future.succeededFuture(r) : Future.failedFuture(Problem.forbidden(
        "agents may play only the voicemails offered or assigned to them")));
  }

  private Served serve(Principal p, Recording r, String rangeHeader, boolean privileged) throws Exception {
    String id = r.id();
    if (!privileged && !id.startsWith(Recordings.VOICEMAIL_PREFIX) && !(p.kind() == Principal.Kind.USER
        && agentsMayPlay.test(p.tenant()) && p.subject().equals(r.agentId()))) {
      throw Problem.forbidden("agents may play only their own calls' recordings, and only where the tenant "
          + "allows it");
    }
    long size = store.size(r.storageKey());
    if (size < 0) {
      throw Problem.notFound("recording '" + id + "' has no audio (deleted, or lost with its node)");
    }
    ByteRange range;
    try {
      range = ByteRange.parse(rangeHeader, size);
    } catch (ByteRange.Unsatisfiable e) {
      return new Served(null, size, null, e.getMessage());
    }
    catalog.listened(p.tenant(), id, p.subject(), rangeHeader);
    ByteRange whole = range == null ? new ByteRange(0, size - 1) : range;
    InputStream in = store.open(r.storageKey(), whole.first(), whole.length());
    return new Served(in, size, range, null);
  }

  /** What to answer: a stream of the range (or whole, {@code range} null), or why the range is unsatisfiable. */
  private record Served(InputStream in, long size, ByteRange range, String unsatisfiable) {}

  private void send(RoutingContext rc, Served s) {
    HttpServerResponse res = rc.response();
    res.putHeader("Accept-Ranges", "bytes").putHeader("Cache-Control", "no-store");
    if (s.unsatisfiable() != null) {
      res.putHeader("Content-Range", "bytes */" + s.size());
      new Problem(416, "Range Not Satisfiable", s.unsatisfiable(), List.of()).send(res);
      return;
    }
    long length = s.range() == null ? s.size() : s.range().length();
    res.setStatusCode(s.range() == null ? 200 : 206).putHeader("Content-Type", "audio/wav")
        .putHeader("Content-Length", Long.toString(length));
    if (s.range() != null) {
      res.putHeader("Content-Range", s.range().contentRange(s.size()));
    }
    if (length == 0) {
      close(s.in());
      res.end();
      return;
    }
    res.closeHandler(v -> close(s.in()));
    pump(rc, s.in(), length);
  }

  /** Reads the next piece on a worker, writes it, and goes on when the write queue has room. */
  private void pump(RoutingContext rc, InputStream in, long left) {
    HttpServerResponse res = rc.response();
    rc.vertx().executeBlocking(() -> in.readNBytes((int) Math.min(PIECE, left))).onComplete(ar -> {
      if (res.closed()) {
        close(in);
        return;
      }
      if (ar.failed() || ar.result().length == 0) {
        close(in);
        res.reset(); // the length was promised: a short body must not look complete
        return;
      }
      byte[] piece = ar.result();
      long rest = left - piece.length;
      if (rest <= 0) {
        res.end(Buffer.buffer(piece));
        close(in);
        return;
      }
      res.write(Buffer.buffer(piece));
      if (res.writeQueueFull()) {
        res.drainHandler(v -> pump(rc, in, rest));
      } else {
        pump(rc, in, rest);
      }
    });
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing to do: the stream was only read
    }
  }
}
