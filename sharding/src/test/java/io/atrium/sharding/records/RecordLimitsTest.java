package io.atrium.sharding.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.atrium.config.SettingsException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record limits with their reference defaults (64 levels, 1 MiB, 512 key bytes). */
class RecordLimitsTest {

  private static final RecordLimits LIMITS = RecordLimits.fromConfig(ConfigFactory.load());

  private static String nestedArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  // ---- JSON depth -----------------------------------------------------------------------------

  @Test
  void sixtyFourLevelsAreAccepted() {
    assertEquals(nestedArrays(64), LIMITS.serialize(LIMITS.parse(nestedArrays(64))));
    assertEquals(nestedObjects(64), LIMITS.serialize(LIMITS.parse(nestedObjects(64))));
  }

  @Test
  void sixtyFiveLevelsAreRejectedAsInvalidNotTooLarge() {
    for (String json : new String[] {nestedArrays(65), nestedObjects(65)}) {
      RecordLimits.InvalidValueException e =
          assertThrows(RecordLimits.InvalidValueException.class, () -> LIMITS.parse(json));
      assertFalse(e instanceof RecordLimits.ValueTooLargeException);
      assertTrue(e.getMessage().contains("64"), e.getMessage());
    }
  }

  @Test
  void depthIsConfigurable() {
    RecordLimits shallow = RecordLimits.fromConfig(
        ConfigFactory.parseString("atrium.records.limits.max-depth = 2").withFallback(ConfigFactory.load()));

    shallow.parse("[[1]]");
    assertThrows(RecordLimits.InvalidValueException.class, () -> shallow.parse("[[[1]]]"));
  }

  // ---- well-formed JSON -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "[1,]", "{'a':1}", "NaN", "nul", "\"unterminated",
      "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "[1]]", "\"x\" 5"})
  void malformedJsonIsRejected(String json) {
    RecordLimits.InvalidValueException e =
        assertThrows(RecordLimits.InvalidValueException.class, () -> LIMITS.parse(json), json);
    assertFalse(e instanceof RecordLimits.ValueTooLargeException);
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "true", "0", "-1.5e3", "\"text\"", "[]", "{}", "{\"a\":[1,{\"b\":null}]}"})
  void anyJsonValueIsAccepted(String json) {
    assertEquals(json.replace("-1.5e3", "-1.5E+3"), LIMITS.serialize(LIMITS.parse(json)));
  }

  @Test
  void valuesAreStoredCompact() {
    assertEquals("{\"a\":[1,2],\"b\":\"x y\"}", LIMITS.serialize(LIMITS.parse(" {\n \"a\" : [ 1 , 2 ],\t\"b\":\"x y\" } \n")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.10", "0.1000000000000000000001", "123456789012345678901234567890", "1E+400", "[1.0,2.50]"})
  void numbersKeepTheirExactValue(String json) {
    assertEquals(json, LIMITS.serialize(LIMITS.parse(json)));
  }

  // ---- value size -----------------------------------------------------------------------------

  @Test
  void valueSizeIsTheCompactUtf8Size() {
    RecordLimits limits = limits("max-value-bytes = 10");
    assertEquals("\"12345678\"", limits.serialize(limits.parse("\"12345678\"")), "exactly 10 bytes");
    assertEquals("[1,2,3,4]", limits.serialize(limits.parse("[ 1, 2, 3, 4 ]")), "whitespace is not counted");

    assertThrows(RecordLimits.ValueTooLargeException.class, () -> limits.serialize(limits.parse("\"123456789\"")));
    // Five two-byte characters: 7 characters, 12 bytes.
    assertThrows(RecordLimits.ValueTooLargeException.class, () -> limits.serialize(limits.parse("\"ééééé\"")));
  }

  @Test
  void oneMebibyteIsTheDefault() {
    String fits = "\"" + "x".repeat(1024 * 1024 - 2) + "\"";
    String tooLarge = "\"" + "x".repeat(1024 * 1024 - 1) + "\"";

    assertEquals(1024 * 1024, LIMITS.maxValueBytes());
    assertEquals(fits, LIMITS.serialize(LIMITS.parse(fits)));
    RecordLimits.ValueTooLargeException e =
        assertThrows(RecordLimits.ValueTooLargeException.class, () -> LIMITS.serialize(LIMITS.parse(tooLarge)));
    assertInstanceOf(RecordLimits.InvalidValueException.class, e);
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void keysAreOneTo512BytesOfUtf8() {
    assertTrue(LIMITS.keyProblem("k").isEmpty());
    assertTrue(LIMITS.keyProblem("k".repeat(512)).isEmpty());
    assertTrue(LIMITS.keyProblem("").isPresent());
    assertTrue(LIMITS.keyProblem("k".repeat(513)).isPresent());
  }

  @Test
  void keyLengthCountsUtf8BytesNotCharacters() {
    assertKeyBytes("é", 2, 256, true);   // 512 bytes
    assertKeyBytes("é", 2, 257, false);  // 514 bytes, 257 characters
    assertKeyBytes("€", 3, 170, true);   // 510 bytes
    assertKeyBytes("€", 3, 171, false);  // 513 bytes, 171 characters
    assertKeyBytes("😀", 4, 128, true);  // 512 bytes, 256 UTF-16 chars
    assertKeyBytes("😀", 4, 129, false);
  }

  private static void assertKeyBytes(String character, int bytes, int times, boolean valid) {
    String key = character.repeat(times);
    assertEquals(bytes * times, key.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(valid, LIMITS.keyProblem(key).isEmpty(), times + " × " + character);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "\tkey", "key\r", "a\u001fb", "a\u007fb", "a\u0085b", "a\u009fb"})
  void controlCharactersAreNotAllowedInKeys(String key) {
    assertTrue(LIMITS.keyProblem(key).orElseThrow().contains("control"), key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a b", "ünïcödé", "日本語", "😀", "%2F", "x..", "key?x=1#y", "\u00a0"})
  void otherCharactersAreAllowedInKeys(String key) {
    assertTrue(LIMITS.keyProblem(key).isEmpty(), key);
  }

  @Test
  void keyLimitIsConfigurable() {
    RecordLimits limits = limits("max-key-bytes = 4");
    assertTrue(limits.keyProblem("abcd").isEmpty());
    assertTrue(limits.keyProblem("abé").isEmpty());
    assertTrue(limits.keyProblem("abcé").isPresent());
  }

  // ---- collections ----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"users", "a", "A.b-c_D9", "x..", "0123456789012345678901234567890123456789012345678901234567890123"})
  void validCollections(String name) {
    assertTrue(LIMITS.collectionProblem(name).isEmpty(), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a b", "ü", "a:b", "a\nb", "users\n",
      "01234567890123456789012345678901234567890123456789012345678901234"})
  void invalidCollections(String name) {
    assertTrue(LIMITS.collectionProblem(name).isPresent(), name);
  }

  @Test
  void collectionPatternMustBeARegularExpression() {
    SettingsException e = assertThrows(SettingsException.class, () -> limits("collection-pattern = \"[a-\""));
    assertTrue(e.getMessage().contains("atrium.records.limits.collection-pattern"), e.getMessage());
  }

  private static RecordLimits limits(String override) {
    return RecordLimits.fromConfig(
        ConfigFactory.parseString("atrium.records.limits." + override).withFallback(ConfigFactory.load()));
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void dotSegmentsAreNeitherKeysNorCollections(String name) {
    assertTrue(LIMITS.keyProblem(name).isPresent(), name);
    assertTrue(LIMITS.collectionProblem(name).isPresent(), name);
  }
}
