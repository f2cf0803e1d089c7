-- Cost: FOCUS 1.2 column names plus x_ columns. Money is DECIMAL(38,12); round only for display.
CREATE TABLE cost_line (
  BillingAccountId        VARCHAR,
  BillingAccountName      VARCHAR,
  SubAccountId            VARCHAR,
  SubAccountName          VARCHAR,
  BillingPeriodStart      TIMESTAMPTZ,
  BillingPeriodEnd        TIMESTAMPTZ,
  ChargePeriodStart       TIMESTAMPTZ NOT NULL,
  ChargePeriodEnd         TIMESTAMPTZ NOT NULL,   -- exclusive
  ChargeCategory          VARCHAR NOT NULL,       -- Usage | Purchase | Tax | Credit | Adjustment
  ChargeClass             VARCHAR,                -- NULL | Correction
  ChargeDescription       VARCHAR,
  ChargeFrequency         VARCHAR,
  BilledCost              DECIMAL(38,12) NOT NULL,
  EffectiveCost           DECIMAL(38,12) NOT NULL,
  ListCost                DECIMAL(38,12),
  ContractedCost          DECIMAL(38,12),
  BillingCurrency         VARCHAR NOT NULL,
  ConsumedQuantity        DECIMAL(38,12),
  ConsumedUnit            VARCHAR,
  PricingQuantity         DECIMAL(38,12),
  PricingUnit             VARCHAR,
  ProviderName            VARCHAR NOT NULL,
  PublisherName           VARCHAR,
  InvoiceIssuerName       VARCHAR,
  InvoiceId               VARCHAR,
  RegionId                VARCHAR,
  RegionName              VARCHAR,
  AvailabilityZone        VARCHAR,
  ResourceId              VARCHAR,
  ResourceName            VARCHAR,
  ResourceType            VARCHAR,
  ServiceCategory         VARCHAR,
  ServiceName             VARCHAR,
  SkuId                   VARCHAR,
  SkuPriceId              VARCHAR,
  SkuPriceDetails         JSON,
  CommitmentDiscountId    VARCHAR,
  CommitmentDiscountType  VARCHAR,
  CommitmentDiscountStatus VARCHAR,
  Tags                    JSON,
  x_source                VARCHAR NOT NULL,       -- demo | focus | aws-ce
  x_ingest_run            VARCHAR NOT NULL,
  x_estimated             BOOLEAN NOT NULL DEFAULT false,
  x_usage_type            VARCHAR,
  x_instance_type         VARCHAR,
  x_gpu_model             VARCHAR,                -- set on GPU instance lines
  x_gpus_per_instance     INTEGER,
  x_cluster               VARCHAR,
  x_extra                 JSON                    -- provider x_ columns kept as they came
);

-- Usage volumes, e.g. inference requests per model service and window.
CREATE TABLE usage_metric (
  metric        VARCHAR NOT NULL,               -- inference_requests
  service       VARCHAR NOT NULL,
  window_start  TIMESTAMPTZ NOT NULL,
  window_end    TIMESTAMPTZ NOT NULL,
  value         DOUBLE NOT NULL,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (metric, service, window_start, window_end)
);

-- On-demand prices per GPU instance type, dated; config overrides them.
CREATE TABLE gpu_price (
  provider           VARCHAR NOT NULL,
  instance_type      VARCHAR NOT NULL,
  region             VARCHAR NOT NULL,
  gpu_model          VARCHAR NOT NULL,
  gpus_per_instance  INTEGER NOT NULL,
  price_per_hour     DECIMAL(38,12) NOT NULL,
  currency           VARCHAR NOT NULL,
  as_of              DATE NOT NULL,
  source             VARCHAR NOT NULL,
  PRIMARY KEY (provider, instance_type, region, as_of)
);
