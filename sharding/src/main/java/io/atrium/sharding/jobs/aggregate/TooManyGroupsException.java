package io.atrium.sharding.jobs.aggregate;

/**
 * An aggregate's groupBy fields take more distinct values than {@code atrium.jobs.aggregate.max-groups}:
 * the job fails rather than build partials too large to persist or ship between nodes.
 */
public final class TooManyGroupsException extends IllegalStateException {

  public TooManyGroupsException(int maxGroups) {
    super("the groupBy fields yield more than " + maxGroups + " groups (atrium.jobs.aggregate.max-groups)");
  }
}
