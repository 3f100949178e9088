variable "name" {
  description = "Name prefix of every resource (e.g. switchboard-eu)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 range of the VPC, e.g. 10.10.0.0/16. Give each region its own range."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 20
    error_message = "cidr_block must be an IPv4 CIDR of /20 or larger (e.g. 10.10.0.0/16)."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread subnets over (at least two, for the load balancers and Redis failover)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 6
    error_message = "Give between 2 and 6 availability zones."
  }
}

variable "http_port" {
  description = "Port the nodes serve HTTP and WebSocket on (Switchboard http.port); only the web load balancer reaches it."
  type        = number
  default     = 8080

  validation {
    condition     = var.http_port >= 1024 && var.http_port <= 65535
    error_message = "http_port must be between 1024 and 65535."
  }
}

variable "sip_port" {
  description = "SIP port (UDP and TCP) trunks send to."
  type        = number
  default     = 5060

  validation {
    condition     = var.sip_port >= 1 && var.sip_port <= 65535
    error_message = "sip_port must be between 1 and 65535."
  }
}

variable "sip_tls_port" {
  description = "SIP over TLS port."
  type        = number
  default     = 5061

  validation {
    condition     = var.sip_tls_port >= 1 && var.sip_tls_port <= 65535
    error_message = "sip_tls_port must be between 1 and 65535."
  }
}

variable "rtp_port_range" {
  description = "UDP ports the nodes use for RTP media (SIP trunks and WebRTC), inclusive. Each call uses two."
  type = object({
    from = number
    to   = number
  })
  default = { from = 10000, to = 20000 }

  validation {
    condition = (var.rtp_port_range.from >= 1024 && var.rtp_port_range.to <= 65535
    && var.rtp_port_range.from < var.rtp_port_range.to)
    error_message = "rtp_port_range must satisfy 1024 <= from < to <= 65535."
  }
}

variable "turn_relay_port_range" {
  description = "UDP ports TURN servers relay media on, inclusive."
  type = object({
    from = number
    to   = number
  })
  default = { from = 49152, to = 65535 }

  validation {
    condition = (var.turn_relay_port_range.from >= 1024 && var.turn_relay_port_range.to <= 65535
    && var.turn_relay_port_range.from < var.turn_relay_port_range.to)
    error_message = "turn_relay_port_range must satisfy 1024 <= from < to <= 65535."
  }
}

variable "sip_peer_cidrs" {
  description = "Address ranges of the SIP trunk providers allowed to send SIP (signalling is never open to the world)."
  type        = list(string)

  validation {
    condition     = length(var.sip_peer_cidrs) > 0 && alltrue([for c in var.sip_peer_cidrs : can(cidrhost(c, 0))])
    error_message = "sip_peer_cidrs must list at least one IPv4 CIDR, e.g. 203.0.113.0/24."
  }
}

variable "ssh_cidrs" {
  description = "Address ranges allowed to SSH to nodes and TURN servers; empty for none (use SSM instead)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ssh_cidrs : can(cidrhost(c, 0))])
    error_message = "Every ssh_cidrs entry must be an IPv4 CIDR."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.tags : length(k) <= 128 && length(v) <= 256])
    error_message = "Tag keys must be at most 128 characters and values at most 256."
  }
}
