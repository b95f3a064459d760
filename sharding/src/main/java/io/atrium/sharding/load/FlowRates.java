package io.atrium.sharding.load;

/** Arrivals (λ) and completions (Q) of one route or tenant, per second. */
public record FlowRates(Rates lambda, Rates completed) {

  public FlowRates plus(FlowRates other) {
    return new FlowRates(lambda.plus(other.lambda), completed.plus(other.completed));
  }
}
