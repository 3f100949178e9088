# A complete contact center for one Switchboard tenant: skills, teams, business hours, queues (with overflow),
# agents, the phone numbers callers dial and the SIP trunk that delivers them. Apply with:
#
#   export SWITCHBOARD_ENDPOINT=https://switchboard.example.com
#   export SWITCHBOARD_TOKEN=sbk_...            # a service token with the admin role
#   terraform init && terraform apply -var 'agent_password=...'
#
# See ../../README.md for installing the provider (offline filesystem mirror).

terraform {
  required_version = ">= 1.5"
  required_providers {
    switchboard = {
      source  = "switchboard/switchboard"
      version = "~> 0.1"
    }
  }
}

# endpoint and token come from SWITCHBOARD_ENDPOINT and SWITCHBOARD_TOKEN; set them here only if you must.
provider "switchboard" {}

variable "agent_password" {
  description = "Initial password of the agents created here (they change it on first login)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.agent_password) >= 12
    error_message = "The agent password must be at least 12 characters long."
  }
}

variable "agents" {
  description = "Agents to create: username => display name, team key, skills (skill key => level 1-5)."
  type = map(object({
    display_name = string
    team         = string
    skills       = map(number)
    supervisor   = optional(bool, false)
  }))
  default = {
    "alice" = { display_name = "Alice Martin", team = "tier1", skills = { billing = 5, english = 5 } }
    "bob"   = { display_name = "Bob Singh", team = "tier1", skills = { billing = 3, spanish = 4, english = 4 } }
    "carol" = { display_name = "Carol Diaz", team = "tier2", skills = { technical = 5, english = 4 }, supervisor = true }
  }
}

# --- Skills and teams -------------------------------------------------------------------------------------

locals {
  skills = {
    billing   = "Billing and payments"
    technical = "Technical support"
    english   = "English"
    spanish   = "Spanish"
  }
}

resource "switchboard_skill" "this" {
  for_each = local.skills

  id   = each.key
  name = each.value
}

# What agents may choose when they step away (the status control); the ids are what reports show.
resource "switchboard_away_reason" "this" {
  for_each = {
    break    = "Break"
    lunch    = "Lunch"
    coaching = "Coaching"
  }

  id    = each.key
  label = each.value
}

resource "switchboard_team" "tier1" {
  id          = "tier1"
  name        = "Tier 1"
  description = "First line: billing and general questions"
  goals = {
    calls_per_day = 60
    aht_seconds   = 360
  }
}

resource "switchboard_team" "tier2" {
  id   = "tier2"
  name = "Tier 2"
}

# --- Opening hours ----------------------------------------------------------------------------------------

resource "switchboard_business_hours" "office" {
  id       = "office"
  name     = "Office hours"
  timezone = "America/New_York"
  weekly = [
    for day in ["mon", "tue", "wed", "thu", "fri"] : { day = day, open = "08:00", close = "18:00" }
  ]
  holidays = ["2026-12-25", "2027-01-01"]
}

# --- Queues -----------------------------------------------------------------------------------------------

resource "switchboard_queue" "technical" {
  id             = "technical"
  name           = "Technical support"
  priority       = 40
  strategy       = "least-talk-time"
  business_hours = switchboard_business_hours.office.id
  required_skills = {
    (switchboard_skill.this["technical"].id) = 3
  }
}

resource "switchboard_queue" "billing" {
  id               = "billing"
  name             = "Billing"
  priority         = 50
  strategy         = "longest-idle"
  max_wait_seconds = 300
  overflow_queue   = switchboard_queue.technical.id
  wrap_up_seconds  = 45
  language         = "en"
  business_hours   = switchboard_business_hours.office.id
  service_level = {
    percent = 80
    seconds = 20
  }
  goals = {
    asa_seconds     = 30
    abandon_percent = 5
    aht_seconds     = 420
  }
  required_skills = {
    (switchboard_skill.this["billing"].id) = 2
  }
}

resource "switchboard_queue" "spanish" {
  id       = "spanish"
  name     = "Atención en español"
  language = "es"
  required_skills = {
    (switchboard_skill.this["spanish"].id) = 3
  }
}

# --- Agents -----------------------------------------------------------------------------------------------

locals {
  teams = {
    tier1 = switchboard_team.tier1.id
    tier2 = switchboard_team.tier2.id
  }
}

resource "switchboard_agent" "this" {
  for_each = var.agents

  username     = each.key
  display_name = each.value.display_name
  email        = "${each.key}@example.com"
  password     = var.agent_password
  roles        = each.value.supervisor ? ["agent", "supervisor"] : ["agent"]
  team         = local.teams[each.value.team]
  languages    = contains(keys(each.value.skills), "spanish") ? ["en", "es"] : ["en"]
  skills       = { for k, level in each.value.skills : switchboard_skill.this[k].id => level }
  queues = [
    for q in [switchboard_queue.billing, switchboard_queue.technical, switchboard_queue.spanish] : q.id
    if alltrue([for s, _ in q.required_skills : contains(keys(each.value.skills), s)])
  ]
}

# --- Phone numbers ----------------------------------------------------------------------------------------

resource "switchboard_phone_number" "main" {
  number      = "+15550100"
  queue       = switchboard_queue.billing.id
  description = "Main line (printed on invoices)"
}

resource "switchboard_phone_number" "spanish" {
  number = "+15550101"
  queue  = switchboard_queue.spanish.id
}

# --- SIP trunk -------------------------------------------------------------------------------------------

variable "trunk_password" {
  description = "Digest password the carrier gave us (answered to its 401/407 challenges). Empty = no digest auth."
  type        = string
  default     = ""
  sensitive   = true
}

resource "switchboard_trunk" "carrier" {
  id          = "carrier"
  name        = "Main carrier"
  description = "Inbound DIDs and outbound calls"
  transport   = "udp"
  addresses = [
    { host = "sip1.carrier.example", port = 5060 },
    { host = "sip2.carrier.example" },
  ]
  allowed_sources      = ["192.0.2.0/24", "2001:db8:100::/48"]
  digest               = var.trunk_password == "" ? null : { username = "acme-contact-center", password = var.trunk_password, realm = null }
  numbers              = [switchboard_phone_number.main.number, switchboard_phone_number.spanish.number]
  max_concurrent_calls = 60
}

# --- Looking up objects managed elsewhere -----------------------------------------------------------------

data "switchboard_queue" "billing" {
  id = switchboard_queue.billing.id
}

output "billing_service_level" {
  description = "The billing queue's service level target, as the server holds it."
  value       = data.switchboard_queue.billing.service_level
}

output "agents" {
  description = "Agent ids by username."
  value       = { for k, a in switchboard_agent.this : k => a.id }
}
