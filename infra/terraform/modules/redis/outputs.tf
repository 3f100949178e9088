output "global_replication_group_id" {
  description = "Id of the global datastore (primary only; pass it to each secondary)."
  value       = local.primary ? aws_elasticache_global_replication_group.this[0].global_replication_group_id : var.global_replication_group_id
}

output "primary_endpoint_address" {
  description = "Writer endpoint of this region's replication group (read-only in a secondary until promoted)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Reader endpoint of this region's replication group."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "redis_uri" {
  description = "Switchboard redis.uri for this replication group (TLS, with the AUTH token when one is set)."
  sensitive   = true
  value = format("rediss://%s%s:6379/0",
    var.auth_token == null ? "" : ":${urlencode(var.auth_token)}@",
  aws_elasticache_replication_group.this.primary_endpoint_address)
}
