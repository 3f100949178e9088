package io.switchboard.redis;

/**
 * Redis key layout. Every key of a tenant carries the hash tag {@code {tenant}} so all of them live in
 * one Redis Cluster slot and a Lua script may touch any of them atomically. Tenant ids are validated
 * ({@code [a-z0-9][a-z0-9-]*}) before they ever reach a key, so they cannot contain braces or colons.
 *
 * <pre>
 * sb:{t}                         the tenant's "anchor" key name; passed as KEYS[1] to every tenant script
 *                                so Lettuce routes the script to the right cluster node
 * sb:{t}:dir:&lt;kind&gt;:&lt;id&gt;        a directory object, JSON as the API returns it (+ "version")
 * sb:{t}:dir:&lt;kind&gt;               sorted set of the ids of that kind (score 0, lexical order) for paging
 * sb:{t}:dir:username:&lt;name&gt;      agent id of a login name
 * sb:{t}:cred:&lt;agentId&gt;           hash: hash (bcrypt), the password never leaves the directory layer
 * sb:{t}:dir:uses:.. / refs:..  reverse references, so a delete of a referenced object is refused (409)
 * sb:{t}:tenant                  tenant marker (in the tenant's slot, so directory scripts can check it)
 * sb:{t}:auth:fail:&lt;source&gt;/&lt;username&gt;  failed logins from one source (hash n/next, TTL), login throttle
 * sb:{t}:auth:src:&lt;source&gt;      failed logins from one source across accounts (TTL), login throttle
 * sb:{t}:auth:epoch:&lt;agentId&gt;    the user's token epoch: tokens carrying a lower one are revoked
 * sb:{t}:auth:refresh:&lt;jti&gt;      an unused refresh token (TTL); sb:{t}:auth:family:&lt;f&gt; its login's family
 * sb:{t}:svc:&lt;id&gt;, sb:{t}:svc    service tokens (hashed secret) and their index
 * sb:{t}:acd:...                 the ACD (see io.switchboard.acd.package-info)
 * sb:{t}:events                  the tenant's event stream (XADD by the ACD; read by every node's records pipeline in
 *                                the consumer group "records" and trimmed past what it wrote to PostgreSQL)
 * sb:tenants                     set of tenant ids (global, outside any tenant slot)
 * sb:nodes                       node registry (global)
 * sb:node:&lt;nodeId&gt;               pub/sub channel of one node (messages for the agents whose socket it holds)
 * sb:node:&lt;nodeId&gt;:agents        set of tenant/agentId with a socket on that node (cleanup after a node dies)
 * sb:auth:revoked                pub/sub channel: "tenant/agentId" whose tokens were just revoked
 * sb:config:jwt-secret           generated JWT secret shared by all nodes when auth.jwt.secret is unset
 * </pre>
 */
public final class Keys {
  private Keys() {}

  public static String tenant(String tenant) {
    return "sb:{" + tenant + "}";
  }

  public static String directory(String tenant, String kind, String id) {
    return tenant(tenant) + ":dir:" + kind + ":" + id;
  }

  public static String directoryIndex(String tenant, String kind) {
    return tenant(tenant) + ":dir:" + kind;
  }

  public static String username(String tenant, String username) {
    return tenant(tenant) + ":dir:username:" + username;
  }

  public static String credentials(String tenant, String agentId) {
    return tenant(tenant) + ":cred:" + agentId;
  }

  public static String events(String tenant) {
    return tenant(tenant) + ":events";
  }

  /** The user's token epoch (see io.switchboard.auth.TokenEpochs). */
  public static String tokenEpoch(String tenant, String agentId) {
    return tenant(tenant) + ":auth:epoch:" + agentId;
  }

  /** Pub/sub channel of token revocations (global: every node subscribes). */
  public static final String REVOKED = "sb:auth:revoked";

  public static final String TENANTS = "sb:tenants";
  public static final String NODES = "sb:nodes";

  public static String nodeChannel(String nodeId) {
    return "sb:node:" + nodeId;
  }
}
