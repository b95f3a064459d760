package io.atrium.config;

import java.util.Optional;

/**
 * A setting that cannot be used. The message names the setting (and the environment variable that
 * overrides it, when there is one) so an operator can fix it without reading code.
 */
public final class SettingsException extends RuntimeException {

  private final String setting;

  public SettingsException(String setting, String problem) {
    super(describe(setting, problem));
    this.setting = setting;
  }

  public SettingsException(String setting, String problem, Throwable cause) {
    super(describe(setting, problem), cause);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }

  private static String describe(String setting, String problem) {
    Optional<String> env = EnvironmentOverrides.variableFor(setting);
    return "Invalid setting '" + setting + "'"
        + env.map(name -> " (environment variable " + name + ")").orElse("")
        + ": " + problem;
  }
}
