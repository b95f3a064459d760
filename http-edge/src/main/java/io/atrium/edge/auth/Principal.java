package io.atrium.edge.auth;

import io.atrium.sharding.Tenant;

/**
 * The authenticated caller.
 *
 * @param tenant owns every record and stream the caller touches
 * @param subject who the credential names, for logs: {@code key:<id>} or the JWT's {@code sub}
 */
public record Principal(Tenant tenant, Role role, String subject) {}
