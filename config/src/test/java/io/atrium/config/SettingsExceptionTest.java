package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SettingsExceptionTest {

  @Test
  void namesTheSettingAndItsVariable() {
    SettingsException e = new SettingsException("atrium.node.http-port", "port must be between 1 and 65535, was 0");

    assertEquals("atrium.node.http-port", e.setting());
    assertEquals("Invalid setting 'atrium.node.http-port' (environment variable ATRIUM_HTTP_PORT): "
        + "port must be between 1 and 65535, was 0", e.getMessage());
  }

  @Test
  void settingWithoutVariableIsNamedAlone() {
    SettingsException e = new SettingsException("atrium.http.retry-after", "must be a positive duration");

    assertEquals("Invalid setting 'atrium.http.retry-after': must be a positive duration", e.getMessage());
  }

  @Test
  void keepsTheCause() {
    IllegalStateException cause = new IllegalStateException("root");

    assertSame(cause, new SettingsException("x", "bad", cause).getCause());
  }
}
