package io.atrium.sharding;

import java.util.regex.Pattern;

/**
 * The owner of every record, stream and job. Entity ids and table keys start with the tenant so that
 * one tenant's data can never be addressed through another's requests. The edge takes the tenant
 * from the caller's credentials; with authentication off every request belongs to {@link #DEFAULT}.
 */
public record Tenant(String id) {

  // Declared before DEFAULT: static fields initialize in order and the constructor needs it.
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  public static final Tenant DEFAULT = new Tenant("default");

  public Tenant {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("tenant id must match " + VALID + ", was " + id);
    }
  }

  /**
   * An entity id scoped to this tenant: {@code tenant/scope/name}. Tenant and scope never contain
   * '/', so the first two separators split the id unambiguously whatever {@code name} contains.
   */
  public String entityId(String scope, String name) {
    return id + "/" + scope + "/" + name;
  }
}
