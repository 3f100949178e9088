package io.switchboard.webrtc;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A self-signed EC P-256 certificate for DTLS (RFC 8827: WebRTC identities are self-signed, pinned by the SDP
 * fingerprint). Made once per node (and once per test peer); immutable and thread-safe.
 */
final class DtlsIdentity {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey privateKey;
  private final byte[] certificateDer;
  private final String fingerprint;
  private final JcaTlsCrypto crypto;

  private DtlsIdentity(PrivateKey privateKey, byte[] certificateDer, JcaTlsCrypto crypto) {
    this.privateKey = privateKey;
    this.certificateDer = certificateDer;
    this.fingerprint = fingerprint(certificateDer);
    this.crypto = crypto;
  }

  static DtlsIdentity generate(String commonName) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair kp = gen.generateKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      byte[] der = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM).abs(),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
          .getEncoded();
      return new DtlsIdentity(kp.getPrivate(), der, new JcaTlsCryptoProvider().create(RANDOM));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the DTLS certificate", e);
    }
  }

  /** SHA-256 of a DER certificate as SDP writes it: upper-case hex pairs joined by ':' (RFC 8122 section 5). */
  static String fingerprint(byte[] der) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(der);
      StringBuilder sb = new StringBuilder(d.length * 3);
      for (byte b : d) {
        if (sb.length() > 0) {
          sb.append(':');
        }
        sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
      return sb.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Our fingerprint for {@code a=fingerprint:sha-256}. */
  String fingerprint() {
    return fingerprint;
  }

  JcaTlsCrypto crypto() {
    return crypto;
  }

  /** The credentials bctls signs the handshake with. */
  JcaDefaultTlsCredentialedSigner signer(TlsContext context) throws java.io.IOException {
    TlsCertificate cert = crypto.createCertificate(certificateDer);
    return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
        new Certificate(new TlsCertificate[] {cert}),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  /** Whether the peer's leaf certificate matches the fingerprint it announced in its SDP. */
  static boolean matches(Certificate peer, String expectedFingerprint) throws java.io.IOException {
    return peer != null && !peer.isEmpty()
        && fingerprint(peer.getCertificateAt(0).getEncoded()).equalsIgnoreCase(expectedFingerprint);
  }
}
