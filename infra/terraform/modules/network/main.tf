# One region's network for Switchboard: a VPC with public subnets (load balancers, nodes with public IPs for
# RTP, TURN) and private subnets (Redis), and the security groups for each tier:
#
#   internet --443--> web LB --http_port--> nodes <--SIP (sip_peer_cidrs only)-- trunks via the SIP LB
#   RTP: trunks and browsers <--rtp_port_range/udp--> nodes (direct, not through a load balancer)
#   TURN: browsers --3478 udp/tcp, relay range--> turn servers
#   Redis: nodes --6379--> redis (private subnets)

locals {
  tags = merge(var.tags, { "switchboard:module" = "network" })
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = var.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = length(var.availability_zones)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.availability_zones[count.index]
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index)
  map_public_ip_on_launch = true
  tags                    = merge(local.tags, { Name = "${var.name}-public-${var.availability_zones[count.index]}" })
}

resource "aws_subnet" "private" {
  count = length(var.availability_zones)

  vpc_id            = aws_vpc.this.id
  availability_zone = var.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index + 8)
  tags              = merge(local.tags, { Name = "${var.name}-private-${var.availability_zones[count.index]}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${var.name}-public" })

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table_association" "public" {
  count = length(aws_subnet.public)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# --- Security groups --------------------------------------------------------------------------------------

resource "aws_security_group" "web_lb" {
  name        = "${var.name}-web-lb"
  description = "HTTPS and WebSocket from anywhere to the web load balancer"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTP (redirected to HTTPS)"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "To the nodes"
    from_port   = var.http_port
    to_port     = var.http_port
    protocol    = "tcp"
    cidr_blocks = [var.cidr_block]
  }
}

resource "aws_security_group" "nodes" {
  name        = "${var.name}-nodes"
  description = "Switchboard nodes: HTTP from the web LB, SIP from trunk providers, RTP from anywhere"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  ingress {
    description     = "HTTP and WebSocket from the web load balancer"
    from_port       = var.http_port
    to_port         = var.http_port
    protocol        = "tcp"
    security_groups = [aws_security_group.web_lb.id]
  }

  ingress {
    description = "SIP over UDP from trunk providers (through the network load balancer, source preserved)"
    from_port   = var.sip_port
    to_port     = var.sip_port
    protocol    = "udp"
    cidr_blocks = var.sip_peer_cidrs
  }

  ingress {
    description = "SIP over TCP from trunk providers"
    from_port   = var.sip_port
    to_port     = var.sip_port
    protocol    = "tcp"
    cidr_blocks = var.sip_peer_cidrs
  }

  ingress {
    description = "SIP over TLS from trunk providers"
    from_port   = var.sip_tls_port
    to_port     = var.sip_tls_port
    protocol    = "tcp"
    cidr_blocks = var.sip_peer_cidrs
  }

  ingress {
    description = "Load balancer health checks inside the VPC"
    from_port   = var.sip_port
    to_port     = var.sip_tls_port
    protocol    = "tcp"
    cidr_blocks = [var.cidr_block]
  }

  ingress {
    description = "RTP media (carriers and browsers; ICE/DTLS-SRTP authenticates WebRTC media)"
    from_port   = var.rtp_port_range.from
    to_port     = var.rtp_port_range.to
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = length(var.ssh_cidrs) > 0 ? [1] : []
    content {
      description = "SSH"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = var.ssh_cidrs
    }
  }

  egress {
    description = "Anywhere (Redis, the primary region Redis, SIP trunks, package downloads)"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Redis from the nodes of this region"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  ingress {
    description     = "Redis (TLS)"
    from_port       = 6379
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.nodes.id]
  }
}

resource "aws_security_group" "turn" {
  name        = "${var.name}-turn"
  description = "TURN for browsers behind restrictive NATs and firewalls"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags

  ingress {
    description = "TURN/STUN over UDP"
    from_port   = 3478
    to_port     = 3478
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "TURN over TCP"
    from_port   = 3478
    to_port     = 3478
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "Relayed media"
    from_port   = var.turn_relay_port_range.from
    to_port     = var.turn_relay_port_range.to
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = length(var.ssh_cidrs) > 0 ? [1] : []
    content {
      description = "SSH"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = var.ssh_cidrs
    }
  }

  egress {
    description = "Relayed media to nodes and peers"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
