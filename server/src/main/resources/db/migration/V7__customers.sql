-- Customers (io.switchboard.customers, docs/architecture.md "Customers"): contact records of a tenant, matched by
-- the caller's number for the agent's screen pop. Customers are data, not configuration: they live only here.

CREATE TABLE customers (
  tenant        text        NOT NULL,
  id            uuid        NOT NULL,
  -- bumped by every update; the API's ETag ("<version>") and If-Match
  version       bigint      NOT NULL DEFAULT 1,
  display_name  text        NOT NULL,
  given_name    text,
  family_name   text,
  -- E.164 (+<country><number>), normalised against the tenant's default country; in the order given. Kept here for
  -- reading and in customer_phones for "who has this number"
  phones        text[]      NOT NULL,
  emails        text[]      NOT NULL DEFAULT '{}',
  company       text,
  -- BCP 47 tag (en, es-ES) and IANA time zone (Europe/Madrid)
  language      text,
  time_zone     text,
  -- custom attributes: a JSON object whose values are all strings
  attributes    jsonb       NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id)
);
-- search: prefix of the display name or company (lower case), in name order for paging
CREATE INDEX customers_tenant_name ON customers (tenant, lower(display_name) text_pattern_ops, id);
CREATE INDEX customers_tenant_company ON customers (tenant, lower(company) text_pattern_ops);

-- Who has this number: one index lookup (customer_phones_tenant_phone). Not unique: two customers may share a
-- number (a company's switchboard); the screen pop then shows both. Written in the transaction that writes the
-- customer, removed with it.
CREATE TABLE customer_phones (
  tenant       text NOT NULL,
  customer_id  uuid NOT NULL,
  phone        text NOT NULL,
  PRIMARY KEY (tenant, customer_id, phone),
  FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);
CREATE INDEX customer_phones_tenant_phone ON customer_phones (tenant, phone);

-- Per-tenant customer settings (GET/PUT /api/v1/customer-settings): the country numbers without a + are read in
-- (ISO 3166 alpha-2; NULL: customers.default-country of the node's configuration) and the CRM link template.
CREATE TABLE customer_settings (
  tenant            text        PRIMARY KEY,
  default_country   text,
  crm_url_template  text,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
