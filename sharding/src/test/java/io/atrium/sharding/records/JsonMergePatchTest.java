package io.atrium.sharding.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7386 JSON Merge Patch: the test cases of its Appendix A, plus immutability of the inputs. */
class JsonMergePatchTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"a\":\"b\"}               | {\"a\":\"c\"}                        | {\"a\":\"c\"}",
      "{\"a\":\"b\"}               | {\"b\":\"c\"}                        | {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}               | {\"a\":null}                         | {}",
      "{\"a\":\"b\",\"b\":\"c\"}   | {\"a\":null}                         | {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}             | {\"a\":\"c\"}                        | {\"a\":\"c\"}",
      "{\"a\":\"c\"}               | {\"a\":[\"b\"]}                      | {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}       | {\"a\":{\"b\":\"d\",\"c\":null}}     | {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}     | {\"a\":[1]}                          | {\"a\":[1]}",
      "[\"a\",\"b\"]               | [\"c\",\"d\"]                        | [\"c\",\"d\"]",
      "{\"a\":\"b\"}               | [\"c\"]                              | [\"c\"]",
      "{\"a\":\"foo\"}             | null                                 | null",
      "{\"a\":\"foo\"}             | \"bar\"                              | \"bar\"",
      "{\"e\":null}                | {\"a\":1}                            | {\"e\":null,\"a\":1}",
      "[1,2]                       | {\"a\":\"b\",\"c\":null}             | {\"a\":\"b\"}",
      "{}                          | {\"a\":{\"bb\":{\"ccc\":null}}}      | {\"a\":{\"bb\":{}}}",
  })
  void rfc7386AppendixA(String original, String patch, String expected) throws Exception {
    JsonNode target = MAPPER.readTree(original);
    JsonNode patchNode = MAPPER.readTree(patch);

    JsonNode result = JsonMergePatch.apply(target, patchNode);

    assertEquals(MAPPER.readTree(expected), result);
    assertEquals(MAPPER.readTree(original), target, "the target is not modified");
    assertEquals(MAPPER.readTree(patch), patchNode, "the patch is not modified");
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      // Field order of the target is kept; new fields come after it.
      "{\"z\":1,\"a\":2}           | {\"m\":3,\"z\":4}                    | {\"z\":4,\"a\":2,\"m\":3}",
      // Deep merge leaves siblings alone at every level.
      "{\"a\":{\"b\":{\"c\":1,\"d\":2},\"e\":3}} | {\"a\":{\"b\":{\"c\":null}}} | {\"a\":{\"b\":{\"d\":2},\"e\":3}}",
      // Removing a field that is not there is no change.
      "{\"a\":1}                   | {\"x\":null}                         | {\"a\":1}",
      "{\"a\":1}                   | {}                                   | {\"a\":1}",
  })
  void mergeDetails(String original, String patch, String expected) throws Exception {
    JsonNode result = JsonMergePatch.apply(MAPPER.readTree(original), MAPPER.readTree(patch));

    assertEquals(expected.replace(" ", ""), MAPPER.writeValueAsString(result));
  }
}
