output "web_dns_name" {
  description = "DNS name of the web load balancer (point the admins' and agents' host name at it)."
  value       = aws_lb.web.dns_name
}

output "web_zone_id" {
  description = "Route 53 zone id of the web load balancer, for alias records."
  value       = aws_lb.web.zone_id
}

output "sip_dns_name" {
  description = "DNS name of the SIP load balancer (give it to the SIP trunk providers)."
  value       = aws_lb.sip.dns_name
}

output "autoscaling_group_name" {
  description = "Auto scaling group of the nodes."
  value       = aws_autoscaling_group.nodes.name
}
