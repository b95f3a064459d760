package io.atrium.sharding.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest report of every member with the local time it arrived. Immutable: the reporter replaces
 * it on every change and readers on request threads take it without locking.
 */
record ReceivedReports(long version, Map<String, Received> byNode) {

  record Received(NodeLoad report, long receivedAtMillis) {}

  static final ReceivedReports NONE = new ReceivedReports(0, Map.of());

  ReceivedReports with(NodeLoad report, long nowMillis) {
    Map<String, Received> next = new HashMap<>(byNode);
    next.put(report.node(), new Received(report, nowMillis));
    return new ReceivedReports(version + 1, Map.copyOf(next));
  }

  ReceivedReports without(String node) {
    if (!byNode.containsKey(node)) {
      return this;
    }
    Map<String, Received> next = new HashMap<>(byNode);
    next.remove(node);
    return new ReceivedReports(version + 1, Map.copyOf(next));
  }

  ClusterLoad at(String self, long nowMillis, Duration staleAfter) {
    Map<String, ClusterLoad.MemberLoad> members = new TreeMap<>();
    byNode.forEach((node, received) -> {
      long age = Math.max(0, nowMillis - received.receivedAtMillis());
      members.put(node, new ClusterLoad.MemberLoad(received.report(), age, age > staleAfter.toMillis()));
    });
    return new ClusterLoad(self, version, staleAfter.toMillis(), members);
  }
}
