package io.switchboard.webrtc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * Our side of one DTLS-SRTP handshake (RFC 5764): DTLS 1.2 only (bctls has no DTLS 1.3 server and fails with
 * internal_error when Chrome offers it), ECDSA certificate, a client certificate is required and must match the
 * offer's fingerprint, use_srtp picks AEAD_AES_128_GCM or AES128_CM_HMAC_SHA1_80. Runs on the leg's DTLS thread;
 * the results ({@link #srtp()}) are read after {@code accept} returns.
 */
final class DtlsServer extends DefaultTlsServer {
  /** Callback for alerts received after the handshake (close_notify). Called on the thread that reads DTLS. */
  interface AlertListener {
    void onAlert(short level, short description);
  }

  private final DtlsIdentity identity;
  private final String expectedFingerprint;
  private final int handshakeTimeoutMs;
  private final AlertListener alerts;
  private int profile = -1;
  private volatile SrtpSession srtp;

  DtlsServer(DtlsIdentity identity, String expectedFingerprint, int handshakeTimeoutMs, AlertListener alerts) {
    super(identity.crypto());
    this.identity = identity;
    this.expectedFingerprint = expectedFingerprint;
    this.handshakeTimeoutMs = handshakeTimeoutMs;
    this.alerts = alerts;
  }

  /** The SRTP session keyed by this handshake, or null before it completed. */
  SrtpSession srtp() {
    return srtp;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA};
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return handshakeTimeoutMs;
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return identity.signer(context);
  }

  @Override
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered != null) {
      for (int wanted : SrtpSession.PROFILES) {
        for (int p : offered.getProtectionProfiles()) {
          if (p == wanted && profile < 0) {
            profile = p;
          }
        }
      }
    }
    if (profile < 0) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable ext = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
    TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public CertificateRequest getCertificateRequest() {
    Vector algs = new Vector();
    algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
    algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    algs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
    return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algs, null);
  }

  @Override
  public void notifyClientCertificate(org.bouncycastle.tls.Certificate clientCertificate) throws IOException {
    if (!DtlsIdentity.matches(clientCertificate, expectedFingerprint)) {
      throw new TlsFatalAlert(AlertDescription.bad_certificate);
    }
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
        SrtpSession.keyingMaterialLength(profile));
    srtp = SrtpSession.create(profile, material, true);
  }

  @Override
  public void notifyAlertReceived(short alertLevel, short alertDescription) {
    alerts.onAlert(alertLevel, alertDescription);
  }

  static boolean isCloseNotify(short level, short description) {
    return description == AlertDescription.close_notify || level == AlertLevel.fatal;
  }
}
