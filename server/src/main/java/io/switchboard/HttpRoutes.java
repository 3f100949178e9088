package io.switchboard;

import io.switchboard.acd.Acd;
import io.switchboard.api.AdminApi;
import io.switchboard.api.AuthRoutes;
import io.switchboard.api.BadFraming;
import io.switchboard.api.BearerGuard;
import io.switchboard.api.CampaignsApi;
import io.switchboard.api.CasesApi;
import io.switchboard.api.ContactListsApi;
import io.switchboard.api.CustomersApi;
import io.switchboard.api.DoNotCallApi;
import io.switchboard.api.InteractionsApi;
import io.switchboard.api.Problem;
import io.switchboard.api.PromptsApi;
import io.switchboard.api.RecordingsApi;
import io.switchboard.api.WebhookDeliveriesApi;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.Role;
import io.switchboard.campaigns.PgCampaignStore;
import io.switchboard.cases.CaseStore;
import io.switchboard.cases.Superiors;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.contacts.PgContactStore;
import io.switchboard.contacts.PgDoNotCallStore;
import io.switchboard.customers.PgCustomerStore;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Oversight;
import io.switchboard.http.SecurityHeaders;
import io.switchboard.ops.Health;
import io.switchboard.ops.HttpMeters;
import io.switchboard.ops.Metrics;
import io.switchboard.prompts.PgPromptStore;
import io.switchboard.prompts.TenantPrompts;
import io.switchboard.recording.Recordings;
import io.switchboard.records.Database;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.records.RecordsPipeline;
import io.switchboard.redis.RedisConnections;
import io.switchboard.reports.PgReportStore;
import io.switchboard.reports.Reports;
import io.switchboard.webhooks.PgWebhookDeliveries;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The node's HTTP routes, in the order they match: meters, security headers and framing checks on every request;
 * health, metrics and login; the admin API and the APIs on the store of record; then 404s as problems under
 * /api, and the web client's static files. Built once, when every part it serves is running.
 */
final class HttpRoutes {
  /** What the routes serve; {@code acd} is the metered one. */
  record Parts(Vertx vertx, SwitchboardConfig config, RedisConnections redis, Metrics metrics, AuthService auth,
      Directory directory, Acd acd, Database database, RecordsPipeline records, Recordings recordings,
      PgPromptStore promptStore, TenantPrompts tenantPrompts, PgWebhookDeliveries webhookDeliveries,
      CaseStore cases, io.switchboard.api.CustomerTokenRoute chatTokens,
      io.switchboard.chat.ChatService chats) {}

  private HttpRoutes() {}

  static Router build(Parts p) {
    Router router = Router.router(p.vertx());
    router.route().handler(new HttpMeters(p.metrics().registry())::handle);
    router.route().handler(new SecurityHeaders());
    router.route().handler(BadFraming::watch);
    BearerGuard guard = new BearerGuard(p.auth());
    DataSource data = p.database().dataSource();
    RecordsPipeline r = p.records();
    new Health(p.vertx(), p.redis(), p.config().nodeId(), p.config().region(), r::status).mount(router);
    router.get("/metrics").handler(guard.require(Role.ADMIN, Role.SUPERVISOR));
    p.metrics().mount(router);
    new AuthRoutes(p.auth(), guard, p.config()).mount(router);
    new AdminApi(p.directory(), guard, new AdminApi.Options(p.config().httpMaxBodyBytes()))
        .withFlowPrompts(p.tenantPrompts()::names)
        .withReports(new Reports(p.vertx(), p.directory(), new PgReportStore(data), p.config().reports(),
            Clock.systemUTC()))
        .mount(router);
    new InteractionsApi(new PgInteractionQueries(data), p.directory(), Clock.systemUTC()).withChats(p.chats())
        .mount(router, guard);
    p.chatTokens().mount(router);
    new RecordingsApi(p.recordings().catalog(), p.recordings().store(), p.config().recording()::agentsMayPlay)
        .withVoicemails(p.acd()).withOversight(new Oversight(p.directory())).mount(router, guard);
    new PromptsApi(p.promptStore(), p.tenantPrompts(), p.directory(), p.config().prompts().maxUploadBytes(),
        p.config().prompts().maxSeconds(), Clock.systemUTC()).withCampaigns(new PgCampaignStore(data))
        .mount(router, guard);
    var customers = new PgCustomerStore(data);
    new CustomersApi(customers, p.config().customers(), p.config().httpMaxBodyBytes()).withCases(p.cases())
        .withOversight(new Oversight(p.directory())).mount(router, guard, p.acd());
    new io.switchboard.api.ChatDeskApi(p.chats(), p.directory(), customers, p.cases()).mount(router, guard);
    new ContactListsApi(new PgContactStore(data), customers, p.config().customers(),
        p.config().contactsImportMaxBytes(), p.config().httpMaxBodyBytes()).mount(router, guard);
    new DoNotCallApi(new PgDoNotCallStore(data), customers, p.config().customers(),
        p.config().contactsImportMaxBytes(), p.config().httpMaxBodyBytes()).mount(router, guard);
    new WebhookDeliveriesApi(p.webhookDeliveries(), p.directory()).mount(router, guard);
    new CasesApi(p.cases(), p.directory(), new Superiors(p.directory()), Clock.systemUTC(),
        p.config().httpMaxBodyBytes()).mount(router, guard);
    new CampaignsApi(new PgCampaignStore(data), p.directory(), p.config().httpMaxBodyBytes())
        .withOwnPrompts(p.tenantPrompts()::names).mount(router, guard);
    new io.switchboard.api.BotReportApi(p.vertx(), new io.switchboard.chat.bot.PgBotOutcomes(data), p.directory())
        .mount(router, guard);
    new io.switchboard.api.CampaignReportApi(p.vertx(), new io.switchboard.campaigns.CampaignFigures(data),
        p.directory(), Clock.systemUTC()).mount(router, guard);
    var evaluations = new io.switchboard.quality.PgEvaluationStore(data);
    new io.switchboard.api.EvaluationsApi(evaluations, new PgInteractionQueries(data), p.recordings().catalog(),
        p.directory(), Clock.systemUTC(), p.config().httpMaxBodyBytes()).mount(router, guard);
    new io.switchboard.api.QualityReportApi(p.vertx(), evaluations, p.directory()).mount(router, guard);
    new io.switchboard.api.TransferTargetsApi(p.acd(), p.directory()).mount(router, guard);
    router.route("/api/*").last().handler(rc -> Problem.notFound("no such API route: "
        + rc.request().method() + " " + rc.normalizedPath()).send(rc.response()));
    router.route("/*").handler(StaticHandler.create("web").setCachingEnabled(false));
    router.route().last().handler(rc -> Problem.notFound("not found: " + rc.normalizedPath()).send(rc.response()));
    return router;
  }
}
