output "vpc_id" {
  description = "The VPC's id."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancers, nodes, TURN), one per availability zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (Redis), one per availability zone."
  value       = aws_subnet.private[*].id
}

output "security_group_ids" {
  description = "Security groups by tier: web_lb, nodes, redis, turn."
  value = {
    web_lb = aws_security_group.web_lb.id
    nodes  = aws_security_group.nodes.id
    redis  = aws_security_group.redis.id
    turn   = aws_security_group.turn.id
  }
}

output "ports" {
  description = "The ports this network opens, for the node and TURN modules."
  value = {
    http       = var.http_port
    sip        = var.sip_port
    sip_tls    = var.sip_tls_port
    rtp        = var.rtp_port_range
    turn_relay = var.turn_relay_port_range
  }
}
