# coturn TURN servers for agents' browsers behind restrictive NATs or firewalls that block UDP to the nodes.
# Each server has a fixed public address (Elastic IP) that coturn announces as its relay address. Credentials are
# time-limited and derived from shared_secret (TURN REST API), so no user list lives on the servers.

locals {
  tags = merge(var.tags, { "switchboard:module" = "turn" })
}

resource "aws_eip" "turn" {
  count = var.server_count

  domain = "vpc"
  tags   = merge(local.tags, { Name = "${var.name}-turn-${count.index}" })
}

resource "aws_instance" "turn" {
  count = var.server_count

  ami                    = var.ami_id
  instance_type          = var.instance_type
  subnet_id              = var.subnet_ids[count.index % length(var.subnet_ids)]
  vpc_security_group_ids = [var.security_group_id]
  key_name               = var.key_name
  tags                   = merge(local.tags, { Name = "${var.name}-turn-${count.index}" })

  metadata_options {
    http_tokens = "required"
  }

  user_data = templatefile("${path.module}/coturn.sh.tftpl", {
    public_ip     = aws_eip.turn[count.index].public_ip
    realm         = var.realm
    shared_secret = var.shared_secret
    min_port      = var.relay_port_range.from
    max_port      = var.relay_port_range.to
  })
  user_data_replace_on_change = true
}

resource "aws_eip_association" "turn" {
  count = var.server_count

  instance_id   = aws_instance.turn[count.index].id
  allocation_id = aws_eip.turn[count.index].id
}
