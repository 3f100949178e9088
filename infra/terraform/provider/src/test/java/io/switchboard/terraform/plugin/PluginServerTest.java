package io.switchboard.terraform.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.switchboard.terraform.protocol.GoPlugin;
import io.switchboard.terraform.protocol.HealthCheck;
import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.provider.ProviderGrpc;
import io.switchboard.terraform.provider.ProviderService;
import io.switchboard.terraform.resources.Resources;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plugin side of go-plugin's AutoMTLS over real TLS on loopback, with a Terraform-like P-521 client cert. */
class PluginServerTest {
  private final CountDownLatch shutdown = new CountDownLatch(1);
  private PluginServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static KeyPair p521() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp521r1"));
    return kpg.generateKeyPair();
  }

  private static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private X509Certificate startWithClientCert(X509Certificate clientCert) throws Exception {
    server = PluginServer.start(List.of(ProviderGrpc.bind(new ProviderService(Resources.all(), Map.of()))),
        pem(clientCert), shutdown::countDown);
    String[] parts = server.handshakeLine().split("\\|");
    assertThat(parts).hasSize(6);
    assertThat(parts[0]).isEqualTo("1");
    assertThat(parts[1]).isEqualTo("6");
    assertThat(parts[2]).isEqualTo("tcp");
    assertThat(parts[3]).isEqualTo("127.0.0.1:" + server.port());
    assertThat(parts[4]).isEqualTo("grpc");
    assertThat(parts[5]).doesNotContain("=").doesNotContain("\n"); // Go's RawStdEncoding: no padding
    X509Certificate serverCert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(parts[5])));
    assertThat(serverCert.getSubjectAlternativeNames()).contains(List.of(2, "localhost"));
    assertThat(serverCert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
    return serverCert;
  }

  private ManagedChannel connect(X509Certificate serverCert, KeyPair clientKeys, X509Certificate clientCert)
      throws Exception {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .overrideAuthority("localhost")
        .sslContext(GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(),
                SslProvider.JDK)
            .trustManager(serverCert).keyManager(clientKeys.getPrivate(), clientCert).build())
        .build();
    return channel;
  }

  private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R call(
      ManagedChannel ch, String fullName, Q req, R respDefault) {
    @SuppressWarnings("unchecked")
    MethodDescriptor<Q, R> md = MethodDescriptor.<Q, R>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(ProtoUtils.marshaller((Q) req.getDefaultInstanceForType()))
        .setResponseMarshaller(ProtoUtils.marshaller(respDefault)).build();
    return ClientCalls.blockingUnaryCall(ch, md, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), req);
  }

  @Test
  void servesProviderHealthAndShutdownOverMutualTls() throws Exception {
    KeyPair clientKeys = p521();
    X509Certificate clientCert = AutoMtls.selfSigned(clientKeys);
    ManagedChannel ch = connect(startWithClientCert(clientCert), clientKeys, clientCert);

    HealthCheck.HealthCheckResponse health = call(ch, "grpc.health.v1.Health/Check",
        HealthCheck.HealthCheckRequest.newBuilder().setService("plugin").build(),
        HealthCheck.HealthCheckResponse.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheck.HealthCheckResponse.ServingStatus.SERVING);

    Tf6.GetProviderSchema.Response schema = call(ch, "tfplugin6.Provider/GetProviderSchema",
        Tf6.GetProviderSchema.Request.getDefaultInstance(), Tf6.GetProviderSchema.Response.getDefaultInstance());
    assertThat(schema.getResourceSchemasMap()).containsOnlyKeys("switchboard_skill", "switchboard_team",
        "switchboard_queue", "switchboard_agent", "switchboard_business_hours", "switchboard_phone_number",
        "switchboard_trunk", "switchboard_flow", "switchboard_webhook", "switchboard_contact_list",
        "switchboard_do_not_call", "switchboard_campaign", "switchboard_dial_policy", "switchboard_away_reason",
        "switchboard_chat_bot", "switchboard_canned_response", "switchboard_scorecard");
    assertThat(schema.getDataSourceSchemasMap()).containsOnlyKeys(schema.getResourceSchemasMap().keySet());
    assertThat(schema.getServerCapabilities().getGetProviderSchemaOptional()).isTrue();

    call(ch, "plugin.GRPCController/Shutdown", GoPlugin.Empty.getDefaultInstance(), GoPlugin.Empty.getDefaultInstance());
    assertThat(shutdown.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesAClientWithoutTerraformsCertificate() throws Exception {
    X509Certificate serverCert = startWithClientCert(AutoMtls.selfSigned(p521()));
    KeyPair strangerKeys = p521();
    ManagedChannel ch = connect(serverCert, strangerKeys, AutoMtls.selfSigned(strangerKeys));
    assertThatThrownBy(() -> call(ch, "grpc.health.v1.Health/Check",
        HealthCheck.HealthCheckRequest.getDefaultInstance(), HealthCheck.HealthCheckResponse.getDefaultInstance()))
        .hasMessageContaining("UNAVAILABLE");
  }
}
