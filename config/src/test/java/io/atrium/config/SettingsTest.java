package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SettingsTest {

  private static final Config CONFIG = ConfigFactory.parseString("""
      s.text = "hello"
      s.blank = "   "
      s.port = 443
      s.port-string = "8443"
      s.zero = 0
      s.big = 70000
      s.count = 3
      s.negative = -2
      s.word = "abc"
      s.flag = on
      s.flag-string = "false"
      s.duration = 250ms
      s.zero-duration = 0s
      s.negative-duration = -1s
      s.list = "a:1, b:2"
      s.empty-list = ""
      s.bad-list = "a:1,b"
      s.object { x = 1 }
      s.share = 0.25
      s.too-much = 1.5
      """);

  private static SettingsException fails(String path, Executable read) {
    SettingsException e = assertThrows(SettingsException.class, read);
    assertEquals(path, e.setting());
    assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
    return e;
  }

  @Test
  void nonBlankReadsTextAndRejectsBlank() {
    assertEquals("hello", Settings.nonBlank(CONFIG, "s.text"));
    assertTrue(fails("s.blank", () -> Settings.nonBlank(CONFIG, "s.blank")).getMessage().contains("must not be empty"));
    fails("s.object", () -> Settings.nonBlank(CONFIG, "s.object"));
  }

  @Test
  void fractionAcceptsZeroToOneOnly() {
    assertEquals(0.25, Settings.fraction(CONFIG, "s.share"));
    assertEquals(0.0, Settings.fraction(CONFIG, "s.zero"));
    fails("s.too-much", () -> Settings.fraction(CONFIG, "s.too-much"));
    fails("s.negative", () -> Settings.fraction(CONFIG, "s.negative"));
    fails("s.word", () -> Settings.fraction(CONFIG, "s.word"));
  }

  @Test
  void portAcceptsNumbersAndNumericStringsInRange() {
    assertEquals(443, Settings.port(CONFIG, "s.port"));
    assertEquals(8443, Settings.port(CONFIG, "s.port-string"));
  }

  @Test
  void portRejectsOutOfRangeAndNonNumbers() {
    assertTrue(fails("s.zero", () -> Settings.port(CONFIG, "s.zero")).getMessage().contains("between 1 and 65535"));
    assertTrue(fails("s.big", () -> Settings.port(CONFIG, "s.big")).getMessage().contains("70000"));
    fails("s.word", () -> Settings.port(CONFIG, "s.word"));
  }

  @Test
  void positiveInt() {
    assertEquals(3, Settings.positiveInt(CONFIG, "s.count"));
    assertTrue(fails("s.zero", () -> Settings.positiveInt(CONFIG, "s.zero")).getMessage().contains("was 0"));
    fails("s.negative", () -> Settings.positiveInt(CONFIG, "s.negative"));
    fails("s.word", () -> Settings.positiveInt(CONFIG, "s.word"));
  }

  @Test
  void bool() {
    assertTrue(Settings.bool(CONFIG, "s.flag"));
    assertFalse(Settings.bool(CONFIG, "s.flag-string"));
    fails("s.word", () -> Settings.bool(CONFIG, "s.word"));
  }

  @Test
  void positiveDuration() {
    assertEquals(Duration.ofMillis(250), Settings.positiveDuration(CONFIG, "s.duration"));
    fails("s.zero-duration", () -> Settings.positiveDuration(CONFIG, "s.zero-duration"));
    fails("s.negative-duration", () -> Settings.positiveDuration(CONFIG, "s.negative-duration"));
    fails("s.word", () -> Settings.positiveDuration(CONFIG, "s.word"));
  }

  @Test
  void hostPorts() {
    assertEquals(List.of(new HostPort("a", 1), new HostPort("b", 2)), Settings.hostPorts(CONFIG, "s.list", false));
    assertEquals(List.of(), Settings.hostPorts(CONFIG, "s.empty-list", true));
    assertTrue(fails("s.empty-list", () -> Settings.hostPorts(CONFIG, "s.empty-list", false))
        .getMessage().contains("at least one"));
    assertTrue(fails("s.bad-list", () -> Settings.hostPorts(CONFIG, "s.bad-list", true))
        .getMessage().contains("host:port"));
  }

  @Test
  void missingSettingIsReportedAsMissingWithItsCause() {
    SettingsException e = fails("s.absent", () -> Settings.port(CONFIG, "s.absent"));

    assertTrue(e.getMessage().endsWith("is missing"), e.getMessage());
    assertInstanceOf(ConfigException.Missing.class, e.getCause());
  }

  @Test
  void wrongTypeKeepsTheLibraryExplanation() {
    SettingsException e = fails("s.word", () -> Settings.positiveDuration(CONFIG, "s.word"));

    assertInstanceOf(ConfigException.class, e.getCause());
  }
}
