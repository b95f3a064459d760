package io.atrium.sharding.balancer;

/** Messages a {@link BalancingRouter} sends itself; not part of its protocol. */
non-sealed interface RouterInternal<W> extends BalancerCommand<W> {}
