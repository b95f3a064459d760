package io.atrium.sharding.compute;

import java.util.concurrent.atomic.AtomicReference;

/** The fault this node's compute workers apply now; set and cleared through {@code /ops/faults}. */
public final class Faults {

  private final AtomicReference<Fault> current = new AtomicReference<>(Fault.NONE);

  public Fault current() {
    return current.get();
  }

  public void set(Fault fault) {
    current.set(fault);
  }

  public void clear() {
    current.set(Fault.NONE);
  }
}
