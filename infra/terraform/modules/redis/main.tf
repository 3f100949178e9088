# The shared Redis of a multi-region Switchboard: an ElastiCache (Redis OSS) replication group per region, joined
# in a Global Datastore. The primary region's group is writable, with `replicas` replicas and automatic
# failover across availability zones; each secondary region holds a read-only copy, replicated asynchronously, that
# can be promoted if the primary region fails (aws elasticache failover-global-replication-group).
#
# Every node, in every region, writes to the primary's endpoint (the ACD's Lua scripts need one writable
# Redis); after a regional failover, point redis_uri at the promoted region.

locals {
  primary = var.role == "primary"
  tags    = merge(var.tags, { "switchboard:module" = "redis", "switchboard:redis-role" = var.role })
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Switchboard shared state (${var.role})"
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = var.security_group_ids
  port                 = 6379

  num_cache_clusters         = 1 + var.replicas
  automatic_failover_enabled = true
  multi_az_enabled           = true

  # A secondary takes engine, node type, encryption and AUTH from the global datastore.
  global_replication_group_id = local.primary ? null : var.global_replication_group_id
  engine                      = local.primary ? "redis" : null
  engine_version              = local.primary ? var.engine_version : null
  node_type                   = local.primary ? var.node_type : null
  transit_encryption_enabled  = local.primary ? true : null
  at_rest_encryption_enabled  = local.primary ? true : null
  auth_token                  = local.primary ? var.auth_token : null

  snapshot_retention_limit = local.primary ? 7 : 0
  apply_immediately        = false
  tags                     = local.tags

  lifecycle {
    precondition {
      condition     = local.primary || var.global_replication_group_id != null
      error_message = "A secondary needs global_replication_group_id (the primary module's output)."
    }
  }
}

resource "aws_elasticache_global_replication_group" "this" {
  count = local.primary ? 1 : 0

  global_replication_group_id_suffix   = var.name
  primary_replication_group_id         = aws_elasticache_replication_group.this.id
  global_replication_group_description = "Switchboard shared state across regions"
}
