package io.switchboard.sip.transport;

import io.netty.util.NetUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate and key of the SIP TLS listener: the PEM files configured (sip.tls.cert-file, sip.tls.key-file),
 * or, when none are, a self-signed EC P-256 certificate made at start for the demo and tests. A self-signed
 * certificate proves nothing to a peer (it must be told not to verify, or to trust this one certificate); a
 * production node configures a certificate for the name its carriers connect to (RFC 5922).
 */
final class TlsIdentity {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TlsIdentity() {}

  static KeyCertOptions of(SipTls tls, String advertisedHost) {
    if (tls.certFile().isPresent()) {
      return new PemKeyCertOptions().setCertPath(tls.certFile().get()).setKeyPath(tls.keyFile().orElseThrow());
    }
    return selfSigned(advertisedHost);
  }

  /**
   * A self-signed certificate valid for a year whose subject alternative names are {@code host} (a name or an
   * address), "localhost", 127.0.0.1 and ::1, so a peer that checks names against the address it dialled accepts it
   * once it trusts the certificate itself.
   */
  static PemKeyCertOptions selfSigned(String host) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair kp = gen.generateKeyPair();
      X500Name name = new X500Name("CN=switchboard-sip");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM).abs(),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(host)));
      var cert = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new PemKeyCertOptions().setCertValue(Buffer.buffer(pem(cert))).setKeyValue(Buffer.buffer(pem(
          new JcaPKCS8Generator(kp.getPrivate(), null).generate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the self-signed SIP TLS certificate", e);
    }
  }

  private static GeneralName[] altNames(String host) {
    Set<String> names = new LinkedHashSet<>();
    if (host != null && !host.isEmpty()) {
      names.add(host);
    }
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    List<GeneralName> out = new ArrayList<>();
    for (String n : names) {
      out.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
    }
    return out.toArray(GeneralName[]::new);
  }

  private static boolean isIpLiteral(String h) {
    return NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h);
  }

  private static String pem(Object o) throws java.io.IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
