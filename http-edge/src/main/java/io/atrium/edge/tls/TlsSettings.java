package io.atrium.edge.tls;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import io.atrium.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * HTTPS on the edge ({@code atrium.http.tls}): off by default; when on, the port serves only HTTPS
 * with the key and certificate chain of a PKCS12 keystore.
 */
public record TlsSettings(boolean enabled, Optional<Path> keystore, char[] password) {

  public static TlsSettings fromConfig(Config config) {
    if (!Settings.bool(config, "atrium.http.tls.enabled")) {
      return new TlsSettings(false, Optional.empty(), new char[0]);
    }
    Path keystore = Path.of(Settings.nonBlank(config, "atrium.http.tls.keystore"));
    if (!Files.isReadable(keystore)) {
      throw new SettingsException("atrium.http.tls.keystore", "cannot read " + keystore.toAbsolutePath());
    }
    return new TlsSettings(true, Optional.of(keystore),
        config.getString("atrium.http.tls.keystore-password").toCharArray());
  }
}
