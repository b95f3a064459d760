package io.atrium.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage errors of {@code keys}: answered with exit 64 before any connection to Cassandra. */
class KeysCommandTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final KeysCommand command = new KeysCommand(
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));
  private final NodeConfiguration configuration = NodeConfiguration.load(Map.of());

  @Test
  void malformedCommandsAreUsageErrors() {
    for (List<String> args : List.<List<String>>of(
        List.<String>of(),
        List.of("rotate"),
        List.of("create"),
        List.of("create", "--tenant", "acme"),
        List.of("create", "--tenant", "acme", "--role", "root"),
        List.of("create", "--tenant", "Not Valid", "--role", "client"),
        List.of("create", "--role", "client", "--tenant"),
        List.of("list", "extra"),
        List.of("revoke"),
        List.of("revoke", "a", "b"))) {
      assertEquals(Main.EXIT_USAGE, command.run(configuration, args), args.toString());
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(KeysCommand.USAGE));
  }
}
