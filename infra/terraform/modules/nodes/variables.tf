variable "name" {
  description = "Name prefix of every resource (e.g. switchboard-eu)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 lower-case letters, digits or '-' (load balancer names are limited to 32 characters)."
  }
}

variable "region_label" {
  description = "Switchboard region label of these nodes (config key region); routing prefers agents of the caller's region."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", var.region_label))
    error_message = "region_label must be 1-64 of A-Z a-z 0-9 . _ - (e.g. eu-west)."
  }
}

variable "vpc_id" {
  description = "VPC of the nodes (network module output vpc_id)."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets for the load balancers and nodes, at least two availability zones (network module output)."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2 && alltrue([for s in var.public_subnet_ids : startswith(s, "subnet-")])
    error_message = "Give at least two subnet ids (subnet-...)."
  }
}

variable "security_group_ids" {
  description = "Security groups from the network module: needs keys web_lb and nodes."
  type        = map(string)

  validation {
    condition     = contains(keys(var.security_group_ids), "web_lb") && contains(keys(var.security_group_ids), "nodes")
    error_message = "security_group_ids must contain web_lb and nodes (the network module's security_group_ids output)."
  }
}

variable "ports" {
  description = "Ports from the network module's ports output: http, sip, sip_tls, rtp = { from, to }."
  type = object({
    http    = number
    sip     = number
    sip_tls = number
    rtp     = object({ from = number, to = number })
  })

  validation {
    condition     = var.ports.rtp.from < var.ports.rtp.to && var.ports.http >= 1024
    error_message = "ports.rtp.from must be below ports.rtp.to and ports.http at least 1024."
  }
}

variable "ami_id" {
  description = "Machine image with Java 17 (e.g. a Debian 12 or Amazon Linux 2023 AMI of the region)."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be an AMI id (ami-...)."
  }
}

variable "instance_type" {
  description = "EC2 instance type of a node; media relaying is CPU and network bound (c-family recommended)."
  type        = string
  default     = "c6i.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like c6i.large."
  }
}

variable "node_count" {
  description = "Number of nodes: min, desired and max of the auto scaling group."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 2, desired = 2, max = 6 }

  validation {
    condition = (var.node_count.min >= 1 && var.node_count.min <= var.node_count.desired
    && var.node_count.desired <= var.node_count.max && var.node_count.max <= 100)
    error_message = "node_count must satisfy 1 <= min <= desired <= max <= 100."
  }
}

variable "node_jar_url" {
  description = "HTTPS URL of the Switchboard node jar (switchboard-server-<version>.jar) the instances download at boot."
  type        = string

  validation {
    condition     = startswith(var.node_jar_url, "https://")
    error_message = "node_jar_url must be an https:// URL."
  }
}

variable "redis_uri" {
  description = "Switchboard redis.uri of the shared Redis (the redis module's redis_uri output of the PRIMARY region)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^rediss?(-cluster)?://", var.redis_uri))
    error_message = "redis_uri must start with redis://, rediss://, redis-cluster:// or rediss-cluster://."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the web load balancer's HTTPS listener (the admins' and agents' host name)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
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
