package io.atrium.sharding.jobs.aggregate;

import io.atrium.sharding.jobs.rows.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups and their running statistics while rows or partials are folded in. Not thread-safe. */
final class AggregateAccumulator {

  /** Keys compare field by field; an absent value sorts first. */
  private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
    Comparator<String> value = Comparator.nullsFirst(Comparator.naturalOrder());
    for (int i = 0; i < a.size(); i++) {
      int c = value.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** {@code null} in an accumulator that only merges partials (which carry all they need). */
  private final AggregateParams params;
  private final int maxGroups;
  private final Map<List<String>, GroupAccumulator> groups = new HashMap<>();

  private AggregateAccumulator(AggregateParams params, int maxGroups) {
    this.params = params;
    this.maxGroups = maxGroups;
  }

  /** An accumulator of rows and partials that renders a result. */
  static AggregateAccumulator of(AggregateParams params, int maxGroups) {
    return new AggregateAccumulator(params, maxGroups);
  }

  /** An accumulator of partials only ({@link #add} and {@link #toResult} are not available). */
  static AggregateAccumulator forMerging(int maxGroups) {
    return new AggregateAccumulator(null, maxGroups);
  }

  void add(Row row) {
    group(keyOf(row)).add(row, params);
  }

  void merge(AggregatePartial partial) {
    for (GroupPartial g : partial.groups()) {
      GroupAccumulator existing = groups.get(g.key());
      if (existing == null) {
        checkRoomForAnotherGroup();
        groups.put(g.key(), GroupAccumulator.of(g));
      } else {
        existing.merge(GroupAccumulator.of(g));
      }
    }
  }

  AggregatePartial toPartial() {
    List<GroupPartial> partials = new ArrayList<>(groups.size());
    groups.forEach((key, group) -> partials.add(group.toPartial(key)));
    return new AggregatePartial(partials);
  }

  AggregateResult toResult() {
    List<List<String>> keys = new ArrayList<>(groups.keySet());
    keys.sort(KEY_ORDER);
    List<GroupResult> results = new ArrayList<>(keys.size());
    for (List<String> key : keys) {
      results.add(groups.get(key).toResult(named(key)));
    }
    return new AggregateResult(params.groupBy(), params.field(), params.distinct(),
        params.countsDistinct() ? HyperLogLog.standardError(params.precision()) : null, results);
  }

  private List<String> keyOf(Row row) {
    String[] key = new String[params.groupBy().size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = row.text(params.groupBy().get(i));
    }
    return Arrays.asList(key);
  }

  private GroupAccumulator group(List<String> key) {
    GroupAccumulator group = groups.get(key);
    if (group == null) {
      checkRoomForAnotherGroup();
      group = GroupAccumulator.empty(params);
      groups.put(key, group);
    }
    return group;
  }

  private void checkRoomForAnotherGroup() {
    if (groups.size() >= maxGroups) {
      throw new TooManyGroupsException(maxGroups);
    }
  }

  private Map<String, String> named(List<String> key) {
    Map<String, String> named = new LinkedHashMap<>();
    for (int i = 0; i < key.size(); i++) {
      named.put(params.groupBy().get(i), key.get(i));
    }
    return named;
  }
}
