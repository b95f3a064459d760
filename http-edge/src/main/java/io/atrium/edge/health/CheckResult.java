package io.atrium.edge.health;

/** The outcome of one {@link ReadinessCheck}, as reported by {@code GET /health/ready}. */
public record CheckResult(String name, boolean ok, String detail) {}
