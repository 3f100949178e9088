package io.switchboard.terraform;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.switchboard.terraform.plugin.AutoMtls;
import io.switchboard.terraform.plugin.PluginServer;
import io.switchboard.terraform.protocol.HealthCheck;
import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.provider.ProviderGrpc;
import io.switchboard.terraform.provider.ProviderService;
import io.switchboard.terraform.provider.ResourceType;
import io.switchboard.terraform.resources.Resources;
import io.switchboard.terraform.value.Msgpack;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --train}: one run through start-up, a mutual-TLS connection and the plan-time RPCs, so that the launcher
 * can record the classes used into an AppCDS archive (-XX:ArchiveClassesAtExit) and later launches start faster.
 * Makes no API call.
 */
final class Training {
  private Training() {}

  static void run() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp521r1"));
    KeyPair clientKeys = kpg.generateKeyPair();
    X509Certificate clientCert = AutoMtls.selfSigned(clientKeys);
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(clientCert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
    ProviderService provider = new ProviderService(Resources.all(), Map.of());
    PluginServer server = PluginServer.start(List.of(ProviderGrpc.bind(provider)), pem, () -> { });
    String[] handshake = server.handshakeLine().split("\\|");
    X509Certificate serverCert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(handshake[5])));
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).overrideAuthority("localhost")
        .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
            .trustManager(serverCert).keyManager(clientKeys.getPrivate(), clientCert).build())
        .build();
    try {
      call(ch, "grpc.health.v1.Health/Check", HealthCheck.HealthCheckRequest.newBuilder().setService("plugin").build(),
          HealthCheck.HealthCheckResponse.getDefaultInstance());
      call(ch, "tfplugin6.Provider/GetProviderSchema", Tf6.GetProviderSchema.Request.getDefaultInstance(),
          Tf6.GetProviderSchema.Response.getDefaultInstance());
      for (ResourceType t : Resources.all()) {
        Tf6.DynamicValue config = value(t.schema().normalize(Map.of("id", "train", "name", "Training")));
        call(ch, "tfplugin6.Provider/ValidateResourceConfig", Tf6.ValidateResourceConfig.Request.newBuilder()
            .setTypeName(t.typeName()).setConfig(config).build(), Tf6.ValidateResourceConfig.Response.getDefaultInstance());
        call(ch, "tfplugin6.Provider/UpgradeResourceState", Tf6.UpgradeResourceState.Request.newBuilder()
            .setTypeName(t.typeName()).setRawState(Tf6.RawState.newBuilder()
                .setJson(ByteString.copyFromUtf8("{\"id\":\"train\",\"name\":\"Training\",\"version\":1}"))).build(),
            Tf6.UpgradeResourceState.Response.getDefaultInstance());
        call(ch, "tfplugin6.Provider/PlanResourceChange", Tf6.PlanResourceChange.Request.newBuilder()
            .setTypeName(t.typeName()).setPriorState(value(null)).setProposedNewState(config).setConfig(config).build(),
            Tf6.PlanResourceChange.Response.getDefaultInstance());
      }
      call(ch, "tfplugin6.Provider/ConfigureProvider", Tf6.ConfigureProvider.Request.newBuilder()
          .setConfig(value(Map.of("endpoint", "http://127.0.0.1:1", "token", "sbk_training"))).build(),
          Tf6.ConfigureProvider.Response.getDefaultInstance());
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.stop();
    }
  }

  private static Tf6.DynamicValue value(Object v) {
    return Tf6.DynamicValue.newBuilder().setMsgpack(ByteString.copyFrom(Msgpack.encode(v))).build();
  }

  private static <Q extends Message, R extends Message> void call(ManagedChannel ch, String name, Q req, R resp) {
    @SuppressWarnings("unchecked")
    MethodDescriptor<Q, R> md = MethodDescriptor.<Q, R>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(name).setRequestMarshaller(ProtoUtils.marshaller((Q) req.getDefaultInstanceForType()))
        .setResponseMarshaller(ProtoUtils.marshaller(resp)).build();
    ClientCalls.blockingUnaryCall(ch, md, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), req);
  }
}
