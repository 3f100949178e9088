variable "name" {
  description = "Name of the replication group in this region (e.g. switchboard-eu)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$", var.name))
    error_message = "name must be 2-40 lower-case letters, digits or '-', start with a letter and not end with '-'."
  }
}

variable "role" {
  description = "primary: the writable replication group (creates the global datastore); secondary: a read-only copy in another region that can be promoted on failover."
  type        = string
  default     = "primary"

  validation {
    condition     = contains(["primary", "secondary"], var.role)
    error_message = "role must be primary or secondary."
  }
}

variable "global_replication_group_id" {
  description = "For role = secondary: the primary's global_replication_group_id output. Ignored for the primary."
  type        = string
  default     = null

  validation {
    condition     = var.global_replication_group_id == null || length(coalesce(var.global_replication_group_id, "x")) > 0
    error_message = "global_replication_group_id must not be empty when given."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the cache nodes, at least two availability zones (network module output private_subnet_ids)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give at least two subnets so that a replica can take over in another availability zone."
  }
}

variable "security_group_ids" {
  description = "Security groups of the cache nodes (network module output security_group_ids[\"redis\"])."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) > 0 && alltrue([for s in var.security_group_ids : startswith(s, "sg-")])
    error_message = "Give at least one security group id (sg-...)."
  }
}

variable "node_type" {
  description = "Cache node type (primary only; secondaries inherit it). Global datastores need r or m families, large or bigger."
  type        = string
  default     = "cache.r7g.large"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must look like cache.r7g.large."
  }
}

variable "replicas" {
  description = "Read replicas next to the primary node in this region (automatic failover promotes one)."
  type        = number
  default     = 2

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 5
    error_message = "replicas must be between 1 and 5 (at least one, for failover)."
  }
}

variable "engine_version" {
  description = "Redis engine version (primary only)."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^[67]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a Redis 6.x or 7.x version such as 7.1 (Switchboard uses Lua scripts and Streams)."
  }
}

variable "auth_token" {
  description = "Redis AUTH password (primary only; TLS is always on). Keep it in a secret store, never in a .tf file."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = var.auth_token == null ? true : (length(var.auth_token) >= 16 && length(var.auth_token) <= 128)
    error_message = "auth_token must be 16 to 128 characters."
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
