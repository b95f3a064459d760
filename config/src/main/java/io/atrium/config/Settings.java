package io.atrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Typed reads from a {@link Config} that turn every kind of bad value into a
 * {@link SettingsException} naming the setting. Module settings records build on these.
 */
public final class Settings {

  private Settings() {}

  public static String nonBlank(Config config, String path) {
    String value = read(config, path, config::getString);
    if (value.isBlank()) {
      throw new SettingsException(path, "must not be empty");
    }
    return value;
  }

  /** A string that may be empty (an optional setting: "" means not set). */
  public static String string(Config config, String path) {
    return read(config, path, config::getString);
  }

  public static int port(Config config, String path) {
    int value = read(config, path, config::getInt);
    try {
      return checkPort(value);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, e.getMessage());
    }
  }

  public static int positiveInt(Config config, String path) {
    int value = read(config, path, config::getInt);
    if (value <= 0) {
      throw new SettingsException(path, "must be positive, was " + value);
    }
    return value;
  }

  public static int nonNegativeInt(Config config, String path) {
    int value = read(config, path, config::getInt);
    if (value < 0) {
      throw new SettingsException(path, "must not be negative, was " + value);
    }
    return value;
  }

  public static double number(Config config, String path) {
    return read(config, path, config::getDouble);
  }

  /** A fraction, 0 … 1 (a share, a utilization). */
  public static double fraction(Config config, String path) {
    double value = read(config, path, config::getDouble);
    if (!(value >= 0 && value <= 1)) {
      throw new SettingsException(path, "must be within 0 … 1, was " + value);
    }
    return value;
  }

  public static boolean bool(Config config, String path) {
    return read(config, path, config::getBoolean);
  }

  public static Duration positiveDuration(Config config, String path) {
    Duration value = read(config, path, config::getDuration);
    if (value.isNegative() || value.isZero()) {
      throw new SettingsException(path, "must be a positive duration, was " + value);
    }
    return value;
  }

  /** A duration that may be zero (e.g. a tolerance), never negative. */
  public static Duration nonNegativeDuration(Config config, String path) {
    Duration value = read(config, path, config::getDuration);
    if (value.isNegative()) {
      throw new SettingsException(path, "must not be negative, was " + value);
    }
    return value;
  }

  /** A comma-separated list of host:port; {@code allowEmpty} decides whether "" is acceptable. */
  public static List<HostPort> hostPorts(Config config, String path, boolean allowEmpty) {
    String raw = read(config, path, config::getString);
    List<HostPort> value;
    try {
      value = HostPort.parseList(raw);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(path, e.getMessage() + " (expected a comma-separated host:port list)");
    }
    if (value.isEmpty() && !allowEmpty) {
      throw new SettingsException(path, "must name at least one host:port");
    }
    return value;
  }

  static int checkPort(int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    return port;
  }

  private static <T> T read(Config config, String path, Function<String, T> reader) {
    try {
      return reader.apply(path);
    } catch (ConfigException.Missing e) {
      throw new SettingsException(path, "is missing", e);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new SettingsException(path, e.getMessage(), e);
    }
  }
}
