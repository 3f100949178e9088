output "web_endpoints" {
  description = "Web load balancer DNS names per region (latency-based DNS in front of them is up to you)."
  value = {
    primary   = module.nodes_primary.web_dns_name
    secondary = module.nodes_secondary.web_dns_name
  }
}

output "sip_endpoints" {
  description = "SIP load balancer DNS names per region, for the trunk providers."
  value = {
    primary   = module.nodes_primary.sip_dns_name
    secondary = module.nodes_secondary.sip_dns_name
  }
}

output "turn_urls" {
  description = "TURN URLs of both regions."
  value       = concat(module.turn_primary.urls, module.turn_secondary.urls)
}

output "redis_global_datastore" {
  description = "Id of the ElastiCache global datastore (for a regional failover: aws elasticache failover-global-replication-group)."
  value       = module.redis_primary.global_replication_group_id
}
