package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.terraform.plugin.AutoMtls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged provider as Terraform starts it (launcher script from the filesystem mirror, go-plugin environment):
 * stdout carries the handshake line and nothing else, and the process goes away when its parent dies.
 */
class PluginProcessIT {
  private static final Path LAUNCHER = Terraform.MIRROR.resolve(
      "registry.terraform.io/switchboard/switchboard/0.1.0/linux_amd64/terraform-provider-switchboard_v0.1.0");

  private static String clientCertPem() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp521r1"));
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(AutoMtls.selfSigned(kpg.generateKeyPair()).getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static Map<String, String> pluginEnv() throws Exception {
    return Map.of("TF_PLUGIN_MAGIC_COOKIE", "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
        "PLUGIN_PROTOCOL_VERSIONS", "5,6", "PLUGIN_CLIENT_CERT", clientCertPem(),
        "SWITCHBOARD_PROVIDER_CACHE", Terraform.CDS_CACHE.toString());
  }

  @Test
  void handshakeIsTheOnlyStdoutAndTheProviderExitsWithItsParent() throws Exception {
    assertThat(Files.isExecutable(LAUNCHER)).as("run mvn package first: " + LAUNCHER).isTrue();
    // sh stands in for Terraform: the launcher (exec'ing java) is its child.
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "'" + LAUNCHER + "' & wait");
    pb.environment().putAll(pluginEnv());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process parent = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    String handshake = out.readLine();
    assertThat(handshake).matches("1\\|6\\|tcp\\|127\\.0\\.0\\.1:\\d+\\|grpc\\|[A-Za-z0-9+/]+");

    List<ProcessHandle> children = parent.toHandle().children().toList();
    assertThat(children).hasSize(1);
    ProcessHandle provider = children.get(0);
    assertThat(provider.info().command().orElse("")).endsWith("java");

    parent.toHandle().destroyForcibly();
    Optional<ProcessHandle> gone = Optional.ofNullable(provider.onExit().get(15, TimeUnit.SECONDS));
    assertThat(gone).isPresent();
    assertThat(provider.isAlive()).isFalse();
    assertThat(out.readLine()).as("nothing after the handshake on stdout").isNull();
  }

  @Test
  void refusesToRunOutsideTerraform() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString());
    pb.environment().put("SWITCHBOARD_PROVIDER_CACHE", Terraform.CDS_CACHE.toString());
    Process p = pb.start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(stdout).isEmpty();
    assertThat(stderr).contains("This binary is a Terraform plugin");
  }
}
