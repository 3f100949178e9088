# Switchboard nodes of one region in an auto scaling group, behind two load balancers:
# - web (application LB): HTTPS 443 -> node http port, for the admin API, the agent web client and its WebSocket;
# - sip (network LB): SIP over UDP and TCP, and SIP over TLS passed through, client addresses preserved.
# RTP does not go through a load balancer: every node has a public IP and announces it in its SDP.

locals {
  tags = merge(var.tags, { "switchboard:module" = "nodes", "switchboard:region" = var.region_label })
  sip_listeners = {
    udp = { port = var.ports.sip, protocol = "UDP" }
    tcp = { port = var.ports.sip, protocol = "TCP" }
    tls = { port = var.ports.sip_tls, protocol = "TCP" }
  }
}

# --- Web load balancer ------------------------------------------------------------------------------------

resource "aws_lb" "web" {
  name               = "${var.name}-web"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [var.security_group_ids["web_lb"]]
  idle_timeout       = 3600 # agent WebSockets stay open for a whole shift
  tags               = local.tags
}

resource "aws_lb_target_group" "http" {
  name                 = "${var.name}-http"
  port                 = var.ports.http
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  deregistration_delay = 60
  tags                 = local.tags

  health_check {
    path                = "/health/ready"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  stickiness {
    type    = "lb_cookie"
    enabled = false
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.http.arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  tags              = local.tags

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# --- SIP load balancer ------------------------------------------------------------------------------------

resource "aws_lb" "sip" {
  name                             = "${var.name}-sip"
  load_balancer_type               = "network"
  subnets                          = var.public_subnet_ids
  enable_cross_zone_load_balancing = true
  tags                             = local.tags
}

resource "aws_lb_target_group" "sip" {
  for_each = local.sip_listeners

  name                 = "${var.name}-sip-${each.key}"
  port                 = each.value.port
  protocol             = each.value.protocol
  vpc_id               = var.vpc_id
  preserve_client_ip   = true
  deregistration_delay = 120 # let SIP transactions in flight finish
  tags                 = local.tags

  health_check {
    protocol = "TCP"
    port     = tostring(each.value.port)
  }
}

resource "aws_lb_listener" "sip" {
  for_each = local.sip_listeners

  load_balancer_arn = aws_lb.sip.arn
  port              = each.value.port
  protocol          = each.value.protocol
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.sip[each.key].arn
  }
}

# --- Nodes ------------------------------------------------------------------------------------------------

resource "aws_launch_template" "node" {
  name_prefix   = "${var.name}-node-"
  image_id      = var.ami_id
  instance_type = var.instance_type
  key_name      = var.key_name
  tags          = local.tags

  network_interfaces {
    associate_public_ip_address = true # RTP goes straight to the node
    security_groups             = [var.security_group_ids["nodes"]]
  }

  metadata_options {
    http_tokens = "required"
  }

  user_data = base64encode(templatefile("${path.module}/user-data.sh.tftpl", {
    jar_url   = var.node_jar_url
    redis_uri = var.redis_uri
    region    = var.region_label
    http_port = var.ports.http
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${var.name}-node" })
  }
}

resource "aws_autoscaling_group" "nodes" {
  name_prefix               = "${var.name}-nodes-"
  vpc_zone_identifier       = var.public_subnet_ids
  min_size                  = var.node_count.min
  desired_capacity          = var.node_count.desired
  max_size                  = var.node_count.max
  health_check_type         = "ELB"
  health_check_grace_period = 120
  target_group_arns         = concat([aws_lb_target_group.http.arn], [for tg in aws_lb_target_group.sip : tg.arn])

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = local.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
