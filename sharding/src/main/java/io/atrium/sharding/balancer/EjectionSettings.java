package io.atrium.sharding.balancer;

import com.typesafe.config.Config;
import io.atrium.config.Settings;
import java.time.Duration;

/**
 * Outlier ejection of the {@code atrium} strategy ({@code atrium.balancer.atrium.ejection}).
 *
 * @param enabled off: no routee is ever ejected
 * @param evaluateEvery outliers are looked for at most this often
 * @param minSamples completions a routee needs since its admission before it can be judged …
 * @param probationMinSamples … and on probation, where it has been an outlier already and each
 *     probe is a small share of traffic: fewer, so a routee still slow is re-ejected after its first
 *     probes instead of ramping up towards a full share while the evidence accumulates
 * @param latencyFactor an outlier's latency EWMA exceeds this multiple of the others' median …
 * @param minLatencyExcess … and the median by at least this much (sub-millisecond noise is no outlier)
 * @param errorFactor an outlier's error rate exceeds this multiple of the others' median …
 * @param minErrorRate … and this absolute rate (when every routee fails, ejecting one does not help)
 * @param maxEjectedFraction at most this fraction of the routees is out at once (at least one may
 *     be, as long as one other remains)
 * @param baseDuration the first ejection lasts this long; the n-th in a row n times as long …
 * @param maxDuration … but never longer than this
 * @param rampStart a re-admitted routee starts on this fraction of a fair share of traffic …
 * @param rampDuration … growing linearly to a full fair share over this time, then competes normally
 */
public record EjectionSettings(
    boolean enabled,
    Duration evaluateEvery,
    int minSamples,
    int probationMinSamples,
    double latencyFactor,
    Duration minLatencyExcess,
    double errorFactor,
    double minErrorRate,
    double maxEjectedFraction,
    Duration baseDuration,
    Duration maxDuration,
    double rampStart,
    Duration rampDuration) {

  static EjectionSettings fromConfig(Config config) {
    String prefix = BalancerSettings.PREFIX + "atrium.ejection.";
    return new EjectionSettings(
        Settings.bool(config, prefix + "enabled"),
        Settings.positiveDuration(config, prefix + "evaluate-every"),
        Settings.positiveInt(config, prefix + "min-samples"),
        Settings.positiveInt(config, prefix + "probation-min-samples"),
        BalancerSettings.atLeast(config, prefix + "latency-factor", 1),
        Settings.positiveDuration(config, prefix + "min-latency-excess"),
        BalancerSettings.atLeast(config, prefix + "error-factor", 1),
        BalancerSettings.positiveFraction(config, prefix + "min-error-rate"),
        BalancerSettings.fraction(config, prefix + "max-ejected-fraction"),
        Settings.positiveDuration(config, prefix + "base-duration"),
        Settings.positiveDuration(config, prefix + "max-duration"),
        BalancerSettings.positiveFraction(config, prefix + "ramp-start"),
        Settings.positiveDuration(config, prefix + "ramp-duration"));
  }

  /** Completions a routee in {@code state} needs since its (re-)admission before it can be judged. */
  int minSamples(Admission.State state) {
    return state == Admission.State.PROBATION ? probationMinSamples : minSamples;
  }

  /** How long the {@code consecutive}-th ejection in a row lasts. */
  long durationNanos(int consecutive) {
    return Math.min(maxDuration.toNanos(), baseDuration.toNanos() * Math.max(1, consecutive));
  }
}
