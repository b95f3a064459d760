package io.atrium.edge.health;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One dependency the node needs before it should receive traffic.
 *
 * @param name shown in the readiness body ("cluster", "cassandra", "kafka")
 * @param probe completes with a short detail when healthy, fails with the reason otherwise
 */
public record ReadinessCheck(String name, Supplier<CompletionStage<String>> probe) {}
