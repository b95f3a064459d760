package io.atrium.edge.tls;

import io.atrium.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/** Builds the edge's HTTPS context from a PKCS12 keystore (JDK TLS, no hand-written crypto). */
public final class EdgeTls {

  private EdgeTls() {}

  public static HttpsConnectionContext httpsContext(TlsSettings settings) {
    try (InputStream in = Files.newInputStream(settings.keystore().orElseThrow())) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, settings.password());
      KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, settings.password());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return ConnectionContext.httpsServer(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new SettingsException("atrium.http.tls.keystore",
          "cannot load the PKCS12 keystore " + settings.keystore().orElseThrow() + ": " + e.getMessage(), e);
    }
  }
}
