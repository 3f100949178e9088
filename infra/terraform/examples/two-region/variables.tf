variable "name" {
  description = "Name prefix of the deployment; each region appends its label."
  type        = string
  default     = "switchboard"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name))
    error_message = "name must be 2-12 lower-case letters, digits or '-', starting with a letter."
  }
}

variable "regions" {
  description = "The two regions: AWS region, Switchboard region label, VPC range, availability zones, AMIs and ACM certificate."
  type = map(object({
    aws_region         = string
    label              = string
    cidr_block         = string
    availability_zones = list(string)
    node_ami_id        = string
    turn_ami_id        = string
    certificate_arn    = string
  }))

  validation {
    condition     = length(setsubtract(["primary", "secondary"], keys(var.regions))) == 0 && length(var.regions) == 2
    error_message = "regions must have exactly the keys primary and secondary."
  }

  validation {
    condition     = alltrue([for r in values(var.regions) : can(regex("^[a-z]{2}-[a-z]+-[0-9]$", r.aws_region))])
    error_message = "Each aws_region must be an AWS region such as eu-west-1."
  }

  validation {
    condition     = var.regions["primary"].cidr_block != var.regions["secondary"].cidr_block
    error_message = "The two regions need different VPC ranges."
  }
}

variable "node_jar_url" {
  description = "HTTPS URL of the Switchboard node jar the instances download at boot."
  type        = string

  validation {
    condition     = startswith(var.node_jar_url, "https://")
    error_message = "node_jar_url must be an https:// URL."
  }
}

variable "sip_peer_cidrs" {
  description = "Address ranges of the SIP trunk providers (both regions accept SIP from them)."
  type        = list(string)

  validation {
    condition     = length(var.sip_peer_cidrs) > 0 && alltrue([for c in var.sip_peer_cidrs : can(cidrhost(c, 0))])
    error_message = "sip_peer_cidrs must list at least one IPv4 CIDR."
  }
}

variable "redis_auth_token" {
  description = "Redis AUTH password (16-128 characters); pass it with TF_VAR_redis_auth_token from a secret store."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.redis_auth_token) >= 16 && length(var.redis_auth_token) <= 128
    error_message = "redis_auth_token must be 16 to 128 characters."
  }
}

variable "turn_realm" {
  description = "TURN realm, usually the call center's domain."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+\\.[a-z]{2,}$", var.turn_realm))
    error_message = "turn_realm must be a DNS name such as switchboard.example.com."
  }
}

variable "turn_shared_secret" {
  description = "Secret shared by the nodes and the TURN servers for time-limited TURN credentials (at least 32 characters)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.turn_shared_secret) >= 32
    error_message = "turn_shared_secret must be at least 32 characters."
  }
}

variable "node_count" {
  description = "Nodes per region: min, desired, max."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 2, desired = 2, max = 6 }

  validation {
    condition     = var.node_count.min >= 1 && var.node_count.min <= var.node_count.desired && var.node_count.desired <= var.node_count.max
    error_message = "node_count must satisfy 1 <= min <= desired <= max."
  }
}
