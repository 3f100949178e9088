terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  alias  = "primary"
  region = var.regions.primary.aws_region
}

provider "aws" {
  alias  = "secondary"
  region = var.regions.secondary.aws_region
}
