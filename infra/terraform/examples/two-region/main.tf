# Switchboard in two AWS regions: in each, a network, nodes behind web and SIP load balancers, and TURN servers;
# one shared Redis (ElastiCache Global Datastore) written in the primary region, with a read-only copy in the
# secondary region that can be promoted when the primary region fails. Nodes of both regions form one cluster
# through that Redis (agents and calls are routed across regions; each node has a region label).
#
#   terraform init
#   terraform apply -var-file=prod.tfvars     # see terraform.tfvars.example

locals {
  tags = { "switchboard:deployment" = var.name }
}

# --- Primary region ---------------------------------------------------------------------------------------

module "network_primary" {
  source    = "../../modules/network"
  providers = { aws = aws.primary }

  name               = "${var.name}-${var.regions.primary.label}"
  cidr_block         = var.regions.primary.cidr_block
  availability_zones = var.regions.primary.availability_zones
  sip_peer_cidrs     = var.sip_peer_cidrs
  tags               = local.tags
}

module "redis_primary" {
  source    = "../../modules/redis"
  providers = { aws = aws.primary }

  name               = "${var.name}-${var.regions.primary.label}"
  role               = "primary"
  subnet_ids         = module.network_primary.private_subnet_ids
  security_group_ids = [module.network_primary.security_group_ids["redis"]]
  auth_token         = var.redis_auth_token
  replicas           = 2
  tags               = local.tags
}

module "nodes_primary" {
  source    = "../../modules/nodes"
  providers = { aws = aws.primary }

  name               = "${var.name}-${var.regions.primary.label}"
  region_label       = var.regions.primary.label
  vpc_id             = module.network_primary.vpc_id
  public_subnet_ids  = module.network_primary.public_subnet_ids
  security_group_ids = module.network_primary.security_group_ids
  ports              = module.network_primary.ports
  ami_id             = var.regions.primary.node_ami_id
  node_count         = var.node_count
  node_jar_url       = var.node_jar_url
  redis_uri          = module.redis_primary.redis_uri
  certificate_arn    = var.regions.primary.certificate_arn
  tags               = local.tags
}

module "turn_primary" {
  source    = "../../modules/turn"
  providers = { aws = aws.primary }

  name              = "${var.name}-${var.regions.primary.label}"
  subnet_ids        = module.network_primary.public_subnet_ids
  security_group_id = module.network_primary.security_group_ids["turn"]
  ami_id            = var.regions.primary.turn_ami_id
  realm             = var.turn_realm
  shared_secret     = var.turn_shared_secret
  relay_port_range  = module.network_primary.ports.turn_relay
  tags              = local.tags
}

# --- Secondary region -------------------------------------------------------------------------------------

module "network_secondary" {
  source    = "../../modules/network"
  providers = { aws = aws.secondary }

  name               = "${var.name}-${var.regions.secondary.label}"
  cidr_block         = var.regions.secondary.cidr_block
  availability_zones = var.regions.secondary.availability_zones
  sip_peer_cidrs     = var.sip_peer_cidrs
  tags               = local.tags
}

module "redis_secondary" {
  source    = "../../modules/redis"
  providers = { aws = aws.secondary }

  name                        = "${var.name}-${var.regions.secondary.label}"
  role                        = "secondary"
  global_replication_group_id = module.redis_primary.global_replication_group_id
  subnet_ids                  = module.network_secondary.private_subnet_ids
  security_group_ids          = [module.network_secondary.security_group_ids["redis"]]
  replicas                    = 1
  tags                        = local.tags
}

module "nodes_secondary" {
  source    = "../../modules/nodes"
  providers = { aws = aws.secondary }

  name               = "${var.name}-${var.regions.secondary.label}"
  region_label       = var.regions.secondary.label
  vpc_id             = module.network_secondary.vpc_id
  public_subnet_ids  = module.network_secondary.public_subnet_ids
  security_group_ids = module.network_secondary.security_group_ids
  ports              = module.network_secondary.ports
  ami_id             = var.regions.secondary.node_ami_id
  node_count         = var.node_count
  node_jar_url       = var.node_jar_url
  # Writes go to the primary region (one writable Redis); after a regional failover, switch to
  # module.redis_secondary.redis_uri and apply.
  redis_uri       = module.redis_primary.redis_uri
  certificate_arn = var.regions.secondary.certificate_arn
  tags            = local.tags
}

module "turn_secondary" {
  source    = "../../modules/turn"
  providers = { aws = aws.secondary }

  name              = "${var.name}-${var.regions.secondary.label}"
  subnet_ids        = module.network_secondary.public_subnet_ids
  security_group_id = module.network_secondary.security_group_ids["turn"]
  ami_id            = var.regions.secondary.turn_ami_id
  realm             = var.turn_realm
  shared_secret     = var.turn_shared_secret
  relay_port_range  = module.network_secondary.ports.turn_relay
  tags              = local.tags
}
