package io.atrium.edge.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void safeIdIsKept() {
    assertEquals("abc-DEF_1.2", RequestIds.acceptOrGenerate(Optional.of("abc-DEF_1.2")));
    String longest = "a".repeat(RequestIds.MAX_LENGTH);
    assertEquals(longest, RequestIds.acceptOrGenerate(Optional.of(longest)));
  }

  @Test
  void unsafeOrMissingIdIsReplacedByAFreshOne() {
    for (String offered : new String[] {"", "a".repeat(RequestIds.MAX_LENGTH + 1), "two words", "x\r\nSet-Cookie: y",
        "id;drop", "ünï"}) {
      String id = RequestIds.acceptOrGenerate(Optional.of(offered));
      assertNotEquals(offered, id);
      assertTrue(id.matches("[0-9a-f]{32}"), id);
    }
    assertTrue(RequestIds.acceptOrGenerate(Optional.empty()).matches("[0-9a-f]{32}"));
  }

  @Test
  void generatedIdsDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(RequestIds.generate());
    }
    assertEquals(10_000, ids.size());
  }
}
