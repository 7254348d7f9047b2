package io.faultline.compute;

import io.faultline.error.FaultlineException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * OpenSSH public keys as Nova handles them: a line {@code TYPE BASE64 [COMMENT]} whose blob starts
 * with the same type name (RFC 4253 §6.6); its fingerprint is the MD5 of the blob in
 * colon-separated hex. Generation makes an RSA key, its public half in OpenSSH form and its private
 * half as PEM.
 */
final class SshPublicKeys {
  private static final Set<String> TYPES =
      Set.of(
          "ssh-rsa",
          "ssh-dss",
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521");

  private SshPublicKeys() {}

  /** A generated key pair: OpenSSH public key line and PKCS#8 PEM private key. */
  record Generated(String publicKey, String privateKey) {}

  /** The fingerprint of a valid key line; 400 (as Nova) for anything else. */
  static String fingerprint(String line) {
    String[] parts = line.trim().split("\\s+", 3);
    if (parts.length < 2 || !TYPES.contains(parts[0])) {
      throw invalid();
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (blob.length < 4) {
      throw invalid();
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    int length = buffer.getInt();
    if (length != parts[0].length() || blob.length < 4 + length + 4) {
      throw invalid();
    }
    String type = new String(blob, 4, length, StandardCharsets.US_ASCII);
    if (!type.equals(parts[0])) {
      throw invalid();
    }
    return md5(blob);
  }

  static Generated generate(String comment) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      ByteArrayOutputStream blob = new ByteArrayOutputStream();
      writeString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
      writeString(blob, key.getPublicExponent().toByteArray());
      writeString(blob, key.getModulus().toByteArray());
      String publicKey =
          "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
      String privateKey =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      return new Generated(publicKey, privateKey);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is a required JDK algorithm", e);
    }
  }

  /** An SSH {@code string} or {@code mpint} (both: length, then the bytes). */
  private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static String md5(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(blob);
      return HexFormat.ofDelimiter(":").formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  private static FaultlineException invalid() {
    return FaultlineException.badRequest("Keypair data is invalid: failed to generate fingerprint");
  }
}
