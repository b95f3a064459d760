package io.atrium.sharding.balancer;

/**
 * The fraction of recent completions that failed, as an EWMA over about {@code samples}
 * completions (α = 2 / (samples + 1)). Counted per completion, not per second, so a routee that
 * starts failing everything is noticed after a few messages at any rate. Starts at 0: a new routee
 * is not suspect. Not thread-safe (actor-confined).
 */
final class ErrorRate {

  private final double alpha;
  private double rate;

  ErrorRate(int samples) {
    this.alpha = 2.0 / (samples + 1);
  }

  void record(boolean error) {
    rate += alpha * ((error ? 1 : 0) - rate);
  }

  double rate() {
    return rate;
  }

  void reset() {
    rate = 0;
  }
}
