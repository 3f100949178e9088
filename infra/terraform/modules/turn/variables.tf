variable "name" {
  description = "Name prefix of every resource (e.g. switchboard-eu)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "subnet_ids" {
  description = "Public subnets to spread TURN servers over (network module output public_subnet_ids)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : startswith(s, "subnet-")])
    error_message = "Give at least one subnet id (subnet-...)."
  }
}

variable "security_group_id" {
  description = "Security group of the TURN servers (network module output security_group_ids[\"turn\"])."
  type        = string

  validation {
    condition     = startswith(var.security_group_id, "sg-")
    error_message = "security_group_id must be a security group id (sg-...)."
  }
}

variable "server_count" {
  description = "Number of TURN servers (each gets its own Elastic IP); browsers are given all of them."
  type        = number
  default     = 2

  validation {
    condition     = var.server_count >= 1 && var.server_count <= 10
    error_message = "server_count must be between 1 and 10."
  }
}

variable "ami_id" {
  description = "Debian 12 machine image of the region (coturn is installed from Debian's packages)."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be an AMI id (ami-...)."
  }
}

variable "instance_type" {
  description = "EC2 instance type; relaying is network bound."
  type        = string
  default     = "c6gn.medium"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like c6gn.medium."
  }
}

variable "realm" {
  description = "TURN realm, usually the call center's domain (e.g. switchboard.example.com)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.realm))
    error_message = "realm must be a lower-case DNS name such as switchboard.example.com."
  }
}

variable "shared_secret" {
  description = "Secret shared with the Switchboard nodes for time-limited TURN credentials (TURN REST API, use-auth-secret)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.shared_secret) >= 32
    error_message = "shared_secret must be at least 32 characters."
  }
}

variable "relay_port_range" {
  description = "UDP relay ports, inclusive (the network module's ports.turn_relay)."
  type = object({
    from = number
    to   = number
  })
  default = { from = 49152, to = 65535 }

  validation {
    condition     = var.relay_port_range.from >= 1024 && var.relay_port_range.from < var.relay_port_range.to && var.relay_port_range.to <= 65535
    error_message = "relay_port_range must satisfy 1024 <= from < to <= 65535."
  }
}

variable "key_name" {
  description = "EC2 key pair for SSH, or null for none."
  type        = string
  default     = null

  validation {
    condition     = var.key_name == null || length(coalesce(var.key_name, "x")) <= 255
    error_message = "key_name must be at most 255 characters."
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
