package io.switchboard.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md ("Layers and their contracts"), checked on the compiled main classes. Each rule
 * is one sentence of that section; change both together. From the top: {@code io.switchboard} (Node wires
 * everything) → entry layers {@code api}, {@code signaling}, {@code call}, {@code ops} → domain {@code acd},
 * {@code directory}, {@code auth}, {@code cluster}, {@code records}, {@code reports} → {@code redis} → {@code config}
 * → protocol stacks {@code sip}, {@code media}, {@code webrtc} → {@code json}, {@code net}; beside them
 * {@code storage} (the data directory), which depends on nothing of ours.
 */
class LayersTest {
  private static final String ROOT = "io.switchboard";
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  private static String p(String name) {
    return ROOT + "." + name + "..";
  }

  private static void check(ArchRule rule) {
    rule.check(main);
  }

  @Test
  void onlyTheNodeDependsOnTheEntryLayers() {
    for (String entry : new String[] {"api", "signaling", "call", "ops"}) {
      check(noClasses().that().resideOutsideOfPackages(ROOT, p(entry))
          .should().dependOnClassesThat().resideInAPackage(p(entry))
          .because(entry + " is an entry layer: only io.switchboard.Node wires it, nothing builds on it"));
    }
  }

  @Test
  void redisIsReachedOnlyThroughTheLayersThatOwnKeys() {
    check(noClasses().that().resideInAnyPackage(p("api"), p("signaling"), p("call"), p("sip"), p("media"),
            p("webrtc"), p("config"), p("json"), p("net"))
        .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".redis.Keys")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".redis.RedisConnections")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".redis.Lua")
        .because("Redis keys and commands belong to acd, directory, auth, cluster, redis (and ops' health PING)"));
  }

  @Test
  void callUsesTheAcdAndTheBusThroughTheirInterfaces() {
    check(noClasses().that().resideInAPackage(p("call"))
        .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".acd.RedisAcd")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".acd.AcdSweeper")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".cluster.NodeBus")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".cluster.NodeRegistry")
        .because("call control depends on Acd and AgentMessenger, so it runs against any ACD and bus"));
  }

  private static final ArchRule ONLY_THE_BUS_PUBLISHES = noClasses().that().resideOutsideOfPackage(ROOT + ".cluster")
      .should().callMethod(ROOT + ".redis.Keys", "nodeChannel", String.class.getName())
      .because("every Java message between nodes goes through NodeBus and its codec (Lua scripts: AcdBusContractIT)");

  @Test
  void onlyTheNodeBusPublishesOnNodeChannels() {
    check(ONLY_THE_BUS_PUBLISHES);
  }

  /** The rules are worth something only if they can fail: a test double that publishes by hand breaks two. */
  @Test
  void theRulesCatchAClassThatPublishesByHand() {
    JavaClasses fake = new ClassFileImporter().importClasses(io.switchboard.signaling.InMemoryAcd.class);
    assertThat(ONLY_THE_BUS_PUBLISHES.evaluate(fake).hasViolation()).isTrue();
    assertThat(noClasses().that().resideInAPackage(p("signaling"))
        .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".redis.Keys").evaluate(fake).hasViolation())
        .isTrue();
  }

  @Test
  void theDomainLayersDoNotDependOnEachOtherBeyondTheirContracts() {
    check(noClasses().that().resideInAPackage(p("cluster"))
        .should().dependOnClassesThat().resideInAnyPackage(p("acd"), p("directory"), p("auth"), p("config"))
        .because("the node bus and registry only carry messages; they know nothing of what the ACD means"));
    check(noClasses().that().resideInAPackage(p("acd"))
        .should().dependOnClassesThat().resideInAnyPackage(p("directory"), p("auth"), p("cluster"))
        .because("the ACD reads directory documents in its Lua scripts and publishes in them, not through Java"));
    check(noClasses().that().resideInAPackage(p("acd"))
        .should().dependOnClassesThat().resideInAPackage(p("records"))
        .because("the ACD only appends to its event stream; the records pipeline reads it, the ACD never waits on it"));
    check(noClasses().that().resideInAPackage(p("auth"))
        .should().dependOnClassesThat().resideInAnyPackage(p("directory"), p("acd"), p("cluster"))
        .because("auth sees users only through its CredentialStore interface, which directory implements"));
    check(noClasses().that().resideInAPackage(p("directory"))
        .should().dependOnClassesThat().resideInAnyPackage(p("acd"), p("cluster"))
        .because("the directory is configuration; the ACD reads it, never the other way"));
  }

  @Test
  void recordsBuildOnlyOnConfigRedisAndTheLeaves() {
    check(noClasses().that().resideInAPackage(p("records"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("signaling"), p("sip"), p("media"), p("webrtc"))
        .because("the store of record takes events from Redis streams, not from the layers that write them"));
    check(noClasses().that().resideOutsideOfPackages(ROOT, p("records"), p("ops"), p("api"), p("webhooks"))
        .should().dependOnClassesThat().resideInAPackage(p("records"))
        .because("only the node wires the store of record, ops shows its health, the API reads it and webhooks queue "
            + "their deliveries in its transactions; the live call path never waits on it"));
  }

  @Test
  void casesKnowOnlyTheDirectoryBesideThem() {
    check(noClasses().that().resideInAPackage(p("cases"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("media"), p("webrtc"),
            p("webhooks"), p("customers"), p("contacts"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("cases are rows in the store of record behind CaseStore; the directory is read for superiors, "
            + "the API drives them and webhooks hang off their CaseHook"));
  }

  @Test
  void webhooksHangOffTheStoreOfRecordAndTheDirectory() {
    check(noClasses().that().resideInAPackage(p("webhooks"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("ops"), p("redis"), p("signaling"), p("sip"), p("media"), p("webrtc"), p("reports"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("webhooks take stored events from the records pipeline and their targets from the directory; "
            + "nothing on the call path calls them"));
  }

  @Test
  void reportsReadPostgresThroughADataSourceAndTheDirectoryThroughItsApi() {
    check(noClasses().that().resideInAPackage(p("reports"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("media"), p("webrtc"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("reports only read: the store of record through a DataSource, the directory through Directory"));
  }

  @Test
  void customersKnowNoLayerAboveThem() {
    check(noClasses().that().resideInAPackage(p("customers"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("media"),
            p("webrtc"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("customers are rows in the store of record behind CustomerStore; the API drives them and reads the "
            + "ACD itself for the screen pop"));
  }

  @Test
  void theChatBotKnowsTheDirectoryAndTheWebhooksSignature() {
    check(noClasses().that().resideInAPackage(p("chat.bot"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("ops"), p("records"), p("redis"), p("reports"), p("signaling"), p("sip"), p("media"),
            p("webrtc"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("the bot reads its definition from the directory, signs like the webhooks and writes its outcomes "
            + "through a DataSource; the chat drives it through chat.ChatBot"));
  }

  @Test
  void qualityKnowsOnlyTheStoreBelowIt() {
    check(noClasses().that().resideInAPackage(p("quality"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("recording"), p("redis"), p("reports"),
            p("signaling"), p("sip"), p("media"), p("webrtc"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("scoring is pure and evaluations are rows behind EvaluationStore; the API reads the scorecard, "
            + "the interaction and the recording and hands them over"));
  }

  @Test
  void campaignsKnowTheAcdOnlyThroughItsInterface() {
    check(noClasses().that().resideInAPackage(p("campaigns"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("api"), p("auth"), p("call"), p("cluster"),
            p("directory"), p("ops"), p("records"), p("signaling"), p("sip"), p("media"), p("webrtc"), p("dial"))
        .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".acd.RedisAcd")
        .because("the pacer places and follows calls through acd.CampaignCalls and keeps its state behind "
            + "CampaignStore; the node wires it"));
  }

  @Test
  void contactListsKnowOnlyCustomersBelowThem() {
    check(noClasses().that().resideInAPackage(p("contacts"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("media"),
            p("webrtc"), p("dial"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("contacts are rows in the store of record behind ContactStore, read by the customers' validation "
            + "and CSV reader; the API drives them"));
  }

  @Test
  void recordingKnowsNoLayerAboveIt() {
    check(noClasses().that().resideInAPackage(p("recording"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("webrtc"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("call recording taps media and writes files and rows; call starts it, api plays it"));
  }

  @Test
  void promptsKnowOnlyMediaBelowThem() {
    check(noClasses().that().resideInAPackage(p("prompts"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("redis"), p("signaling"), p("sip"), p("webrtc"),
            p("recording"))
        .orShould().dependOnClassesThat().resideInAPackage("io.lettuce..")
        .because("a tenant's own prompts are rows and clips: the media node plays them, api uploads them"));
  }

  @Test
  void theJdbcHelpersAreALeaf() {
    check(classes().that().resideInAPackage(p("sql"))
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", p("sql"))
        .because("the stores share them; they know nothing of the stores"));
  }

  @Test
  void phoneNumbersAreALeaf() {
    check(classes().that().resideInAPackage(p("phone"))
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.google.i18n.phonenumbers..", p("phone"))
        .because("reading phone numbers is libphonenumber and rules; customers and dialing both use it"));
  }

  @Test
  void theSupervisionContractDependsOnNothingOfOurs() {
    check(classes().that().resideInAPackage(p("monitor"))
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.vertx.core", p("monitor"))
        .because("signaling calls it and call implements it; neither may be reached through it"));
  }

  @Test
  void theBusWireFormatIsPureData() {
    check(classes().that().resideInAPackage(p("cluster.wire"))
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", p("json"),
            p("cluster.wire"))
        .because("the records and their codec are the contract between Lua, nodes and browsers, nothing else"));
  }

  @Test
  void theProtocolStacksKnowNothingOfTheCallCenter() {
    check(noClasses().that().resideInAnyPackage(p("sip"), p("media"), p("webrtc"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("config"), p("directory"), p("ops"), p("redis"), p("signaling"), p("json"))
        .because("SIP, RTP and WebRTC are libraries the call layer drives; they are tested on their own"));
    check(noClasses().that().resideInAPackage(p("sip"))
        .should().dependOnClassesThat().resideInAnyPackage(p("media"), p("webrtc"))
        .because("SIP signalling is independent of the media it negotiates"));
    check(noClasses().that().resideInAPackage(p("media"))
        .should().dependOnClassesThat().resideInAnyPackage(p("sip"), p("webrtc"))
        .because("webrtc builds on media, not the reverse"));
  }

  @Test
  void theDataDirectoryIsPlainFiles() {
    check(classes().that().resideInAPackage(p("storage"))
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", p("storage"))
        .because("the data directory is created, locked and handed to the embedded stores; it knows no layer"));
  }

  @Test
  void configAndTheLeavesStayLow() {
    check(noClasses().that().resideInAPackage(p("config"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("directory"), p("ops"), p("records"), p("redis"), p("signaling"))
        .because("config only builds the options records of the protocol stacks"));
    check(noClasses().that().resideInAnyPackage(p("json"), p("net"))
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, p("acd"), p("api"), p("auth"), p("call"),
            p("cluster"), p("config"), p("directory"), p("ops"), p("redis"), p("signaling"), p("sip"), p("media"),
            p("webrtc"))
        .because("json and net are leaves every layer may use"));
    check(noClasses().that().resideInAPackage(p("json")).should().dependOnClassesThat().resideInAPackage(p("net")));
    check(noClasses().that().resideInAPackage(p("net")).should().dependOnClassesThat().resideInAPackage(p("json")));
  }
}
