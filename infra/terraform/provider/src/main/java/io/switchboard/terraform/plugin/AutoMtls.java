package io.switchboard.terraform.plugin;

import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2SecurityUtil;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * go-plugin's automatic mutual TLS, server side. Terraform passes its client certificate (self-signed ECDSA
 * P-521) in PLUGIN_CLIENT_CERT; we generate a throw-away server certificate (self-signed, SAN DNS:localhost,
 * serverAuth, because Terraform verifies it against ServerName "localhost") and announce it in the handshake.
 *
 * <p>The TLS engine must be the JDK's: grpc-netty-shaded's bundled BoringSSL cannot require and verify Terraform's
 * P-521 client certificate ("tls: certificate required"). ALPN h2 is required by newer Terraform
 * (grpc-go 1.67+) insists on, so the context announces it.
 */
public final class AutoMtls {
  private final X509Certificate serverCert;
  private final SslContext sslContext;

  private AutoMtls(X509Certificate serverCert, SslContext sslContext) {
    this.serverCert = serverCert;
    this.sslContext = sslContext;
  }

  /** @param clientCertPem the PEM certificate from PLUGIN_CLIENT_CERT */
  public static AutoMtls forClient(String clientCertPem) throws GeneralSecurityException {
    X509Certificate client = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(clientCertPem.getBytes(StandardCharsets.US_ASCII)));
    long t0 = System.nanoTime();
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = kpg.generateKeyPair();
    X509Certificate cert = selfSigned(keys);
    Log.debug("startup cert_ms=" + (System.nanoTime() - t0) / 1_000_000);
    return new AutoMtls(cert, serverContext(keys, cert, client));
  }

  /**
   * A JDK-engine server context requiring the client certificate, with ALPN h2 and HTTP/2's cipher suites (what
   * GrpcSslContexts would configure). Built directly on an SSLContext rather than with SslContextBuilder: the
   * builder's server class runs a self-test on first use that costs about half a second of every start.
   */
  private static SslContext serverContext(KeyPair keys, X509Certificate cert, X509Certificate client)
      throws GeneralSecurityException {
    SSLContext jdk = SSLContext.getInstance("TLS");
    jdk.init(new KeyManager[] {new PinnedTls.KeyManager(keys.getPrivate(), cert)},
        new TrustManager[] {new PinnedTls.TrustManager(client)}, null);
    ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2");
    return new JdkSslContext(jdk, false, Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE, alpn,
        ClientAuth.REQUIRE, null, false);
  }

  /** A self-signed certificate for localhost (server and client use; tests make Terraform-like client certs). */
  public static X509Certificate selfSigned(KeyPair keys) throws GeneralSecurityException {
    X500Name name = new X500Name("CN=localhost,O=Switchboard terraform provider");
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new GeneralSecurityException("cannot create the server certificate", e);
    }
  }

  public SslContext sslContext() {
    return sslContext;
  }

  public X509Certificate serverCert() {
    return serverCert;
  }

  /** The handshake's last field: the DER certificate in standard base64 WITHOUT padding (Go's RawStdEncoding). */
  public String handshakeCert() throws GeneralSecurityException {
    return Base64.getEncoder().withoutPadding().encodeToString(serverCert.getEncoded());
  }
}
