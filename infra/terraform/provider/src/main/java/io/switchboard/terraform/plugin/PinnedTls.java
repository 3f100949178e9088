package io.switchboard.terraform.plugin;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * In-memory key and trust managers for the plugin's TLS. Netty's usual route (a PKCS#12 KeyStore with a random
 * password) spends most of a second on PBKDF2 at every start; these hand the JDK the key and certificates directly.
 */
final class PinnedTls {
  private PinnedTls() {}

  /** Offers exactly one key and certificate, whatever the client asks for. */
  static final class KeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "plugin";
    private final PrivateKey key;
    private final X509Certificate cert;

    KeyManager(PrivateKey key, X509Certificate cert) {
      this.key = key;
      this.cert = cert;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return keyType.equals(key.getAlgorithm()) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keyType.equals(key.getAlgorithm()) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keyType.equals(key.getAlgorithm()) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {cert} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  /**
   * Trusts exactly one client certificate: the one Terraform generated for this plugin run and passed in
   * PLUGIN_CLIENT_CERT (go-plugin AutoMTLS). Anything else is refused, whoever signed it.
   */
  static final class TrustManager implements X509TrustManager {
    private final X509Certificate expected;

    TrustManager(X509Certificate expected) {
      this.expected = expected;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain == null || chain.length == 0 || !chain[0].equals(expected)) {
        throw new CertificateException("client certificate is not the one Terraform announced");
      }
      expected.checkValidity();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("the plugin is a server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[] {expected};
    }
  }
}
