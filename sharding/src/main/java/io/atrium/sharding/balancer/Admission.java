package io.atrium.sharding.balancer;

/**
 * Whether the {@code atrium} strategy currently routes to a routee by weight, keeps it out, or is
 * letting it back in. Moves forward lazily with the clock whenever it is looked at, so no timer is
 * needed. Not thread-safe (actor-confined).
 *
 * <pre>
 * ADMITTED --eject--> EJECTED --(duration over)--> PROBATION --(ramp over)--> ADMITTED
 *                        ^                             |
 *                        +-----------eject-------------+
 * </pre>
 */
final class Admission {

  enum State { ADMITTED, EJECTED, PROBATION }

  private State state = State.ADMITTED;
  private long untilNanos;
  private long probationStartNanos;
  /** Ejections without a completed probation in between; lengthens the next ejection. */
  private int consecutive;

  /** Moves on to the state at {@code nowNanos}; true when the routee has just entered probation. */
  boolean advance(long nowNanos, EjectionSettings settings) {
    boolean enteredProbation = false;
    if (state == State.EJECTED && nowNanos >= untilNanos) {
      state = State.PROBATION;
      probationStartNanos = untilNanos;
      enteredProbation = true;
    }
    if (state == State.PROBATION && nowNanos - probationStartNanos >= settings.rampDuration().toNanos()) {
      state = State.ADMITTED;
      consecutive = 0;
    }
    return enteredProbation;
  }

  State state() {
    return state;
  }

  /** Out, or only on probation: not chosen by weight. */
  boolean out() {
    return state != State.ADMITTED;
  }

  void eject(long nowNanos, EjectionSettings settings) {
    consecutive++;
    state = State.EJECTED;
    untilNanos = nowNanos + settings.durationNanos(consecutive);
  }

  /**
   * The fraction of a fair share of traffic a routee on probation gets: ramp-start at the beginning
   * of probation, growing linearly to 1 at its end; 0 in any other state.
   */
  double probeFraction(long nowNanos, EjectionSettings settings) {
    if (state != State.PROBATION) {
      return 0;
    }
    double progress = Math.min(1, (double) (nowNanos - probationStartNanos) / settings.rampDuration().toNanos());
    return settings.rampStart() + (1 - settings.rampStart()) * progress;
  }
}
