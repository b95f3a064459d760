package io.atrium.sharding.load;

import io.atrium.persistence.serialization.CborSerializable;
import java.util.Map;

/**
 * One node's load report, published to every member about once per report interval.
 *
 * @param node the member's address ({@code pekko://atrium@host:port})
 * @param sampledAt wall-clock epoch millis at the sender, for display only: ages are measured by the
 *     receiver's own clock, so clock skew between machines never makes a report look fresh or stale
 * @param processCpu this JVM's CPU load, 0..1 of all cores; -1 when the platform cannot tell
 * @param systemCpu the whole machine's CPU load, 0..1; -1 when the platform cannot tell
 * @param heapUsed heap bytes in use
 * @param heapMax the heap's limit in bytes; -1 when undefined
 * @param gcMillis time spent in garbage collection since the previous report
 * @param gcCount collections since the previous report
 * @param edge the HTTP edge's figures
 * @param pools per worker pool (by pool name); empty until worker pools exist
 */
public record NodeLoad(
    String node,
    long sampledAt,
    double processCpu,
    double systemCpu,
    long heapUsed,
    long heapMax,
    long gcMillis,
    long gcCount,
    EdgeLoad edge,
    Map<String, PoolLoad> pools) implements CborSerializable {}
