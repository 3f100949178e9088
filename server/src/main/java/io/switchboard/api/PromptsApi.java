package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.media.audio.Prompts;
import io.switchboard.prompts.PromptAudio;
import io.switchboard.prompts.PromptInfo;
import io.switchboard.prompts.PromptStore;
import io.switchboard.prompts.TenantPrompts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tenant's own prompts, which its callers hear instead of the shipped ones in that language:
 * <ul>
 *   <li>{@code GET /api/v1/prompts}: the shipped languages, the phrases that may be replaced, the tenant's own;</li>
 *   <li>a name that is not a shipped phrase is a prompt of the tenant's own (a menu's "for sales press 1"), which
 *       flows may say and a campaign may name as its {@code abandonPrompt}; it cannot be deleted from its last
 *       language while a flow or a campaign names it (409 naming each of them);</li>
 *   <li>{@code PUT /api/v1/prompts/{language}/{name}}: a WAV body (any rate, channels, PCM, µ-law or A-law; converted
 *       to 8 kHz µ-law) replaces the phrase; a file that cannot be a prompt is 422 naming why;</li>
 *   <li>{@code GET /api/v1/prompts/{language}/{name}/audio}: what callers hear now (the tenant's, else the shipped
 *       one), as a WAV;</li>
 *   <li>{@code DELETE /api/v1/prompts/{language}/{name}}: back to the shipped one.</li>
 * </ul>
 * Admins write; supervisors and admins read. Threading: checks on the event loop; conversion and JDBC on workers.
 */
public final class PromptsApi {
  static final String BASE = AdminApi.PREFIX + "/prompts";
  private static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");

  private final PromptStore store;
  private final TenantPrompts held;
  private final io.switchboard.directory.Directory directory;
  private final int maxUploadBytes;
  private final int maxSeconds;
  private final Clock clock;
  private io.switchboard.campaigns.CampaignStore campaigns;

  /** @param directory where flows are read, to keep a prompt they name from being deleted */
  public PromptsApi(PromptStore store, TenantPrompts held, io.switchboard.directory.Directory directory,
      int maxUploadBytes, int maxSeconds, Clock clock) {
    this.store = store;
    this.held = held;
    this.directory = directory;
    this.maxUploadBytes = maxUploadBytes;
    this.maxSeconds = maxSeconds;
    this.clock = clock;
  }

  /**
   * Keeps a prompt a campaign names as its {@code abandonPrompt} from being deleted from its last language, reading
   * {@code store} (none until set: only flows are checked). Before {@link #mount}.
   */
  public PromptsApi withCampaigns(io.switchboard.campaigns.CampaignStore store) {
    this.campaigns = store;
    return this;
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(BASE).handler(guard.require(Role.ADMIN, Role.SUPERVISOR)).handler(this::list);
    router.get(BASE + "/:language/:name/audio").handler(guard.require(Role.ADMIN, Role.SUPERVISOR))
        .handler(this::audio);
    // the guard on a route of its own before the body handler's (Vert.x allows a body handler only first on a
    // route): a stranger gets 401 before the node reads, or answers 413 to, the upload
    router.put(BASE + "/:language/:name").handler(guard.require(Role.ADMIN));
    router.put(BASE + "/:language/:name").handler(BodyHandler.create(false).setBodyLimit(maxUploadBytes))
        .handler(this::upload);
    router.delete(BASE + "/:language/:name").handler(guard.require(Role.ADMIN)).handler(this::delete);
  }

  private void list(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    rc.vertx().executeBlocking(() -> store.list(tenant)).onSuccess(own -> {
      JsonArray items = new JsonArray();
      own.forEach(p -> items.add(json(p)));
      DirectoryResource.json(rc, 200, new JsonObject()
          .put("languages", new JsonArray(List.copyOf(Prompts.languages())))
          .put("phrases", new JsonArray(Prompts.PHRASES))
          .put("items", items));
    }).onFailure(rc::fail);
  }

  private void upload(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String language = language(rc);
    String name = name(rc);
    String type = rc.request().getHeader("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!WAV_TYPES.contains(mediaType)) {
      throw new Problem(415, "Unsupported Media Type", "a prompt is uploaded as a WAV file (Content-Type audio/wav), "
          + "not " + (type == null ? "a body without Content-Type" : type), List.of());
    }
    Buffer body = rc.body().buffer();
    byte[] wav = body == null ? new byte[0] : body.getBytes();
    rc.vertx().executeBlocking(() -> {
      byte[] ulaw;
      try {
        ulaw = PromptAudio.toUlaw(wav, maxSeconds);
      } catch (PromptAudio.BadPromptException e) {
        throw new Problem(422, "Unprocessable Content", "the upload cannot be a prompt: " + e.getMessage(),
            List.of(new Problem.FieldError("body", e.getMessage())));
      }
      PromptInfo saved = store.save(p.tenant(), language, name, ulaw, p.subject(), clock.instant());
      held.put(saved, ulaw);
      return saved;
    }).onSuccess(saved -> DirectoryResource.json(rc, 200, json(saved))).onFailure(rc::fail);
  }

  private void audio(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String language = language(rc);
    String name = name(rc);
    rc.vertx().executeBlocking(() -> PromptAudio.wav(store.audio(tenant, language, name)
        .orElseGet(() -> shipped(tenant, language, name)))).onSuccess(wav -> rc.response().setStatusCode(200)
        .putHeader("Content-Type", "audio/wav").putHeader("Cache-Control", "no-store").end(Buffer.buffer(wav)))
        .onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String language = language(rc);
    String name = name(rc);
    inUse(rc, tenant, language, name).compose(v -> rc.vertx().executeBlocking(() -> {
      if (!store.delete(tenant, language, name)) {
        throw Problem.notFound("the tenant has no own prompt " + language + "/" + name + " (the shipped one plays)");
      }
      held.remove(tenant, language, name);
      return null;
    })).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
  }

  /**
   * Fails with 409 naming every user when deleting {@code name} in {@code language} would leave flows saying, or
   * campaigns naming as their {@code abandonPrompt}, a prompt of the tenant's own that exists in no language (they
   * would fall back, or say nothing, without anyone asking). Shipped phrases are always there.
   */
  private io.vertx.core.Future<Void> inUse(RoutingContext rc, String tenant, String language, String name) {
    boolean lastOne = !Prompts.PHRASES.contains(name) && held.names(tenant).contains(name)
        && held.findInAnyLanguageBut(tenant, language, name) == null;
    if (!lastOne) {
      return io.vertx.core.Future.succeededFuture();
    }
    return flowsSaying(tenant, name).compose(flows -> campaignsNaming(rc, tenant, name).compose(named -> {
      List<String> users = new java.util.ArrayList<>(flows);
      users.addAll(named);
      if (users.isEmpty()) {
        return io.vertx.core.Future.<Void>succeededFuture();
      }
      return io.vertx.core.Future.failedFuture(Problem.conflict("prompt '" + name + "' has no recording in another "
          + "language and is in use by " + String.join(", ", users) + ": change or delete them first"));
    }));
  }

  /** "flow 'id'" for each flow of the tenant that says {@code name}. */
  private io.vertx.core.Future<List<String>> flowsSaying(String tenant, String name) {
    if (directory == null) {
      return io.vertx.core.Future.succeededFuture(List.of());
    }
    return directory.list(tenant, io.switchboard.directory.Kind.FLOW, null, io.switchboard.directory.Directory.MAX_PAGE)
        .map(page -> page.items().stream().filter(flow -> FlowPromptCheck.ownPromptsOf(flow).contains(name))
            .map(flow -> "flow '" + flow.getString("id") + "'").toList());
  }

  /** "campaign 'id' (name) as its abandonPrompt" for each campaign of the tenant naming {@code name}; JDBC on a worker. */
  private io.vertx.core.Future<List<String>> campaignsNaming(RoutingContext rc, String tenant, String name) {
    io.switchboard.campaigns.CampaignStore store = campaigns;
    if (store == null) {
      return io.vertx.core.Future.succeededFuture(List.of());
    }
    return rc.vertx().executeBlocking(() -> store.list(tenant).stream()
        .filter(c -> name.equals(c.fields().abandonPrompt()))
        .map(c -> "campaign '" + c.id() + "' (" + c.fields().name() + ") as its abandonPrompt").toList());
  }

  private static String language(RoutingContext rc) {
    String language = rc.pathParam("language");
    if (!Prompts.languages().contains(language)) {
      throw Problem.notFound("no prompts in language '" + language + "': prompts exist in "
          + String.join(", ", Prompts.languages()));
    }
    return language;
  }

  private static String name(RoutingContext rc) {
    String name = rc.pathParam("name");
    if (!Prompts.PHRASES.contains(name) && !Prompts.OWN_NAME.matcher(name).matches()) {
      throw Problem.notFound("no prompt '" + name + "': a prompt is a shipped phrase (" + String.join(", ",
          Prompts.PHRASES) + ") or one of the tenant's own, named with 1 to 64 of a-z 0-9 -");
    }
    return name;
  }

  private static byte[] shipped(String tenant, String language, String name) {
    if (!Prompts.PHRASES.contains(name)) {
      throw Problem.notFound("the tenant has no prompt '" + name + "' in " + language);
    }
    String path = "/audio/prompts/" + language + "/" + name + ".ul";
    try (InputStream in = Prompts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("shipped prompt missing: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject json(PromptInfo p) {
    return new JsonObject()
        .put("language", p.language())
        .put("name", p.name())
        .put("durationMs", p.durationMillis())
        .put("updatedAt", p.updatedAt().toString())
        .put("updatedBy", p.updatedBy())
        .put("audio", BASE + "/" + p.language() + "/" + p.name() + "/audio");
  }
}
