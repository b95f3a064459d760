package io.atrium.sharding.jobs;

/**
 * Folds partials, one at a time and in any order, into mutable state, then renders the result. A
 * job's merge holds one of these instead of building a new partial per pairwise merge: with
 * thousands of groups per partial, copying the running merge for every chunk cost more than the
 * merge itself. Not thread-safe; {@link #result} is called once, last.
 *
 * @param <T> the partial
 * @param <R> the result
 */
public interface Merger<T, R> {

  void add(T partial);

  R result();
}
