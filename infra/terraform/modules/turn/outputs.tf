output "public_ips" {
  description = "Public addresses of the TURN servers."
  value       = aws_eip.turn[*].public_ip
}

output "urls" {
  description = "ICE server URLs to give the agents' browsers (TURN over UDP and TCP)."
  value = flatten([for ip in aws_eip.turn[*].public_ip : [
    "turn:${ip}:3478?transport=udp",
    "turn:${ip}:3478?transport=tcp",
  ]])
}
