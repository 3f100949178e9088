package io.switchboard.webrtc;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The browser side of DTLS-SRTP for {@link WebRtcTestPeer}: DTLS 1.2 client, ECDSA client certificate, the
 * server's certificate checked against the answer's fingerprint, use_srtp offering the given profiles (like
 * Chrome: AES128_CM_HMAC_SHA1_80 and AEAD_AES_128_GCM). Runs on one DTLS worker thread.
 */
final class PeerDtlsClient extends DefaultTlsClient {
  private final DtlsIdentity identity;
  private final String serverFingerprint;
  private final int[] profiles;
  private int profile = -1;
  private volatile SrtpSession srtp;
  private volatile boolean closeNotifyReceived;

  PeerDtlsClient(DtlsIdentity identity, String serverFingerprint, int[] profiles) {
    super(identity.crypto());
    this.identity = identity;
    this.serverFingerprint = serverFingerprint;
    this.profiles = profiles;
  }

  SrtpSession srtp() {
    return srtp;
  }

  int profile() {
    return profile;
  }

  boolean closeNotifyReceived() {
    return closeNotifyReceived;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA};
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
    TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (chosen == null || chosen.getProtectionProfiles().length != 1) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }
    profile = chosen.getProtectionProfiles()[0];
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
        if (!DtlsIdentity.matches(serverCertificate.getCertificate(), serverFingerprint)) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return identity.signer(context);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
        SrtpSession.keyingMaterialLength(profile));
    srtp = SrtpSession.create(profile, material, false);
  }

  @Override
  public void notifyAlertReceived(short level, short description) {
    if (description == AlertDescription.close_notify) {
      closeNotifyReceived = true;
    }
  }
}
