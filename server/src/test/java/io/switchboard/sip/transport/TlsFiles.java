package io.switchboard.sip.transport;

import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** PEM files of a self-signed certificate and its key (as the node makes for itself), for TLS tests. */
public final class TlsFiles {
  private TlsFiles() {}

  public record Pair(Path cert, Path key) {}

  /** cert.pem and key.pem in {@code dir}, valid for {@code host}, localhost, 127.0.0.1 and ::1. */
  public static Pair selfSigned(Path dir, String host) throws IOException {
    PemKeyCertOptions o = TlsIdentity.selfSigned(host);
    Path cert = Files.write(dir.resolve("cert.pem"), o.getCertValue().getBytes());
    Path key = Files.write(dir.resolve("key.pem"), o.getKeyValue().getBytes());
    return new Pair(cert, key);
  }
}
