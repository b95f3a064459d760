package io.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @Test
  void parsesHostAndPort() {
    assertEquals(new HostPort("cassandra-0.db", 9042), HostPort.parse("cassandra-0.db:9042"));
    assertEquals(new HostPort("10.0.0.1", 1), HostPort.parse("  10.0.0.1:1 "));
    assertEquals(new HostPort("h", 65535), HostPort.parse("h:65535"));
  }

  @Test
  void splitsAtTheLastColonSoBracketedIpv6Works() {
    assertEquals(new HostPort("[::1]", 9042), HostPort.parse("[::1]:9042"));
  }

  @Test
  void toStringRoundTrips() {
    HostPort hostPort = new HostPort("node-1", 25520);

    assertEquals("node-1:25520", hostPort.toString());
    assertEquals(hostPort, HostPort.parse(hostPort.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "host", "host:", ":80", "host:abc", "host:0", "host:65536", "host:-1", "host: 80x"})
  void rejectsAnythingButHostColonPort(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));

    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }

  @Test
  void rejectionQuotesTheInput() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("just-a-host"))
        .getMessage().contains("just-a-host"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:port"))
        .getMessage().contains("h:port"));
  }

  @Test
  void constructorRejectsBlankHostAndBadPort() {
    assertThrows(IllegalArgumentException.class, () -> new HostPort(" ", 80));
    assertThrows(IllegalArgumentException.class, () -> new HostPort(null, 80));
    assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 0));
    assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65536));
  }

  @Test
  void parsesCommaSeparatedListsInOrder() {
    assertEquals(List.of(new HostPort("a", 1), new HostPort("b", 2), new HostPort("c", 3)),
        HostPort.parseList("a:1,b:2 , c:3"));
  }

  @Test
  void blankEntriesAreIgnoredSoEmptyTextIsTheEmptyList() {
    assertEquals(List.of(), HostPort.parseList(""));
    assertEquals(List.of(), HostPort.parseList(" , ,"));
    assertEquals(List.of(new HostPort("a", 1)), HostPort.parseList(",a:1,,"));
  }

  @Test
  void oneBadEntrySpoilsTheList() {
    assertThrows(IllegalArgumentException.class, () -> HostPort.parseList("a:1,b"));
  }

  @Test
  void parsedListIsImmutable() {
    List<HostPort> list = HostPort.parseList("a:1");

    assertThrows(UnsupportedOperationException.class, () -> list.add(new HostPort("b", 2)));
  }
}
