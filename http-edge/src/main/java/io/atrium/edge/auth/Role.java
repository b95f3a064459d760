package io.atrium.edge.auth;

import java.util.Locale;
import java.util.Optional;

/** What a credential may do: a client uses the services ({@code /v1/*}), an admin also operates ({@code /ops/*}). */
public enum Role {
  CLIENT,
  ADMIN;

  /** The name clients and operators write: "client", "admin". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromLabel(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Whether this role may do what {@code required} may do. */
  public boolean includes(Role required) {
    return this == ADMIN || this == required;
  }
}
