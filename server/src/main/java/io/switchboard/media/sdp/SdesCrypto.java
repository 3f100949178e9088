package io.switchboard.media.sdp;

import io.switchboard.media.sdp.SdpException.Kind;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * One SDES crypto attribute (RFC 4568 9.1): {@code a=crypto:<tag> <suite> inline:<base64 key||salt>[|lifetime]}.
 * The master key and salt belong to the side that wrote the line: it encrypts what it sends with them (RFC 4568
 * 6.1). What the node cannot honour is refused with a reason that names it: a suite other than {@link SrtpSuite},
 * an MKI (jitsi-srtp has no MKI support), several keys in one line, session parameters (e.g.
 * {@code UNENCRYPTED_SRTP}: every one of them changes the keystream or the packet format) and bad base64. A
 * lifetime is accepted and not enforced: the node never re-keys, and even 2^31 packets last 497 days of 20 ms audio.
 *
 * <p>The arrays are the record's own: callers must not modify them. {@link #toString()} hides the key.
 */
public record SdesCrypto(int tag, SrtpSuite suite, byte[] key, byte[] salt) {
  private static final Pattern TAG = Pattern.compile("[0-9]{1,9}");
  private static final Pattern LIFETIME = Pattern.compile("(2\\^)?[0-9]{1,15}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public SdesCrypto {
    if (key.length != SrtpSuite.KEY_LENGTH || salt.length != SrtpSuite.SALT_LENGTH) {
      throw new IllegalArgumentException("SDES key must be 16 bytes and salt 14 bytes");
    }
  }

  /** A fresh random key and salt (RFC 4568 6.1: each side chooses its own) for {@code suite}, under {@code tag}. */
  public static SdesCrypto fresh(int tag, SrtpSuite suite) {
    byte[] material = new byte[SrtpSuite.KEY_LENGTH + SrtpSuite.SALT_LENGTH];
    RANDOM.nextBytes(material);
    return of(tag, suite, material);
  }

  private static SdesCrypto of(int tag, SrtpSuite suite, byte[] material) {
    byte[] key = Arrays.copyOfRange(material, 0, SrtpSuite.KEY_LENGTH);
    byte[] salt = Arrays.copyOfRange(material, SrtpSuite.KEY_LENGTH, material.length);
    Arrays.fill(material, (byte) 0);
    return new SdesCrypto(tag, suite, key, salt);
  }

  /**
   * Parses the value of an {@code a=crypto:} attribute (what follows the colon).
   *
   * @throws SdpException NOT_ACCEPTABLE (488) naming what is wrong or unsupported
   */
  public static SdesCrypto parse(String value) throws SdpException {
    String[] f = value.trim().split(" +");
    if (f.length < 3 || !TAG.matcher(f[0]).matches()) {
      throw refused("expected '<tag> <crypto-suite> inline:<key||salt>', got '" + value + "'");
    }
    SrtpSuite suite = SrtpSuite.byName(f[1]);
    if (suite == null) {
      throw refused("crypto suite " + f[1] + " is not supported (only AES_CM_128_HMAC_SHA1_80 and _32)");
    }
    if (f.length > 3) {
      throw refused("session parameter " + f[3] + " is not supported");
    }
    String keyParams = f[2];
    if (keyParams.indexOf(';') >= 0) {
      throw refused("more than one key in one line is not supported");
    }
    if (!keyParams.startsWith("inline:")) {
      throw refused("key method must be inline:, got '" + keyParams + "'");
    }
    String[] info = keyParams.substring("inline:".length()).split("\\|", -1);
    for (int i = 1; i < info.length; i++) {
      if (info[i].indexOf(':') >= 0) {
        throw refused("MKI (" + info[i] + ") is not supported");
      }
      if (i > 1 || !LIFETIME.matcher(info[i]).matches()) {
        throw refused("bad key lifetime '" + info[i] + "'");
      }
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(info[0]);
    } catch (IllegalArgumentException e) {
      throw refused("the inline key is not valid base64");
    }
    if (material.length != SrtpSuite.KEY_LENGTH + SrtpSuite.SALT_LENGTH) {
      Arrays.fill(material, (byte) 0);
      throw refused("the inline key of " + suite + " must be 30 bytes (key and salt), got " + material.length);
    }
    return of(Integer.parseInt(f[0]), suite, material);
  }

  /** The attribute line's value, {@code <tag> <suite> inline:<base64>} (write it after {@code a=crypto:}). */
  public String attributeValue() {
    byte[] material = new byte[key.length + salt.length];
    System.arraycopy(key, 0, material, 0, key.length);
    System.arraycopy(salt, 0, material, key.length, salt.length);
    String b64 = Base64.getEncoder().encodeToString(material);
    Arrays.fill(material, (byte) 0);
    return tag + " " + suite.name() + " inline:" + b64;
  }

  private static SdpException refused(String why) {
    return new SdpException(Kind.NOT_ACCEPTABLE, "a=crypto", why);
  }

  @Override
  public String toString() {
    return "SdesCrypto[" + tag + " " + suite + " inline:***]";
  }
}
