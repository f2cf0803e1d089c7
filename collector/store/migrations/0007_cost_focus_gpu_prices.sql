-- Cost, part 2: the FOCUS 1.0–1.2 columns cost_line lacked (other columns of an export stay in x_extra), and
-- the dated on-demand price list of common GPU instance types (pulse.yaml `prices:` overrides it per query).
ALTER TABLE cost_line ADD COLUMN ListUnitPrice DECIMAL(38,12);
ALTER TABLE cost_line ADD COLUMN ContractedUnitPrice DECIMAL(38,12);
ALTER TABLE cost_line ADD COLUMN PricingCategory VARCHAR;             -- Standard | Dynamic | Committed | Other
ALTER TABLE cost_line ADD COLUMN PricingCurrency VARCHAR;
ALTER TABLE cost_line ADD COLUMN CommitmentDiscountCategory VARCHAR;  -- Spend | Usage
ALTER TABLE cost_line ADD COLUMN CommitmentDiscountName VARCHAR;
ALTER TABLE cost_line ADD COLUMN CommitmentDiscountQuantity DECIMAL(38,12);
ALTER TABLE cost_line ADD COLUMN CommitmentDiscountUnit VARCHAR;
ALTER TABLE cost_line ADD COLUMN CapacityReservationId VARCHAR;
ALTER TABLE cost_line ADD COLUMN CapacityReservationStatus VARCHAR;
ALTER TABLE cost_line ADD COLUMN ServiceSubcategory VARCHAR;
ALTER TABLE cost_line ADD COLUMN SkuMeter VARCHAR;
ALTER TABLE cost_line ADD COLUMN BillingAccountType VARCHAR;
ALTER TABLE cost_line ADD COLUMN SubAccountType VARCHAR;

-- AWS EC2 On-Demand list prices, Linux, US East (N. Virginia), USD per instance-hour, as published on
-- https://aws.amazon.com/ec2/pricing/on-demand/ (P5 after the June 2025 price reduction), recorded 2025-07-01.
-- GPU model and GPUs per instance as collector/cost/gpu-catalogue.ts has them (a test keeps the two equal).
INSERT INTO gpu_price (provider, instance_type, region, gpu_model, gpus_per_instance, price_per_hour, currency, as_of, source)
SELECT 'AWS', instance_type, 'us-east-1', gpu_model, gpus, price::DECIMAL(38,12), 'USD', DATE '2025-07-01',
       'aws.amazon.com/ec2/pricing/on-demand (Linux, us-east-1)'
FROM (VALUES
  ('g3.4xlarge',    'Tesla M60', 1, '1.14'),
  ('g3.8xlarge',    'Tesla M60', 2, '2.28'),
  ('g3.16xlarge',   'Tesla M60', 4, '4.56'),
  ('g4dn.xlarge',   'Tesla T4', 1, '0.526'),
  ('g4dn.2xlarge',  'Tesla T4', 1, '0.752'),
  ('g4dn.4xlarge',  'Tesla T4', 1, '1.204'),
  ('g4dn.8xlarge',  'Tesla T4', 1, '2.176'),
  ('g4dn.12xlarge', 'Tesla T4', 4, '3.912'),
  ('g4dn.16xlarge', 'Tesla T4', 1, '4.352'),
  ('g4dn.metal',    'Tesla T4', 8, '7.824'),
  ('g5.xlarge',     'NVIDIA A10G', 1, '1.006'),
  ('g5.2xlarge',    'NVIDIA A10G', 1, '1.212'),
  ('g5.4xlarge',    'NVIDIA A10G', 1, '1.624'),
  ('g5.8xlarge',    'NVIDIA A10G', 1, '2.448'),
  ('g5.12xlarge',   'NVIDIA A10G', 4, '5.672'),
  ('g5.16xlarge',   'NVIDIA A10G', 1, '4.096'),
  ('g5.24xlarge',   'NVIDIA A10G', 4, '8.144'),
  ('g5.48xlarge',   'NVIDIA A10G', 8, '16.288'),
  ('g6.xlarge',     'NVIDIA L4', 1, '0.8048'),
  ('g6.2xlarge',    'NVIDIA L4', 1, '0.9776'),
  ('g6.4xlarge',    'NVIDIA L4', 1, '1.3232'),
  ('g6.8xlarge',    'NVIDIA L4', 1, '2.0144'),
  ('g6.12xlarge',   'NVIDIA L4', 4, '4.6016'),
  ('g6.16xlarge',   'NVIDIA L4', 1, '3.3968'),
  ('g6.24xlarge',   'NVIDIA L4', 4, '6.6752'),
  ('g6.48xlarge',   'NVIDIA L4', 8, '13.3504'),
  ('g6e.xlarge',    'NVIDIA L40S', 1, '1.861'),
  ('g6e.2xlarge',   'NVIDIA L40S', 1, '2.24208'),
  ('g6e.4xlarge',   'NVIDIA L40S', 1, '3.00424'),
  ('g6e.8xlarge',   'NVIDIA L40S', 1, '4.52856'),
  ('g6e.12xlarge',  'NVIDIA L40S', 4, '10.49264'),
  ('g6e.16xlarge',  'NVIDIA L40S', 1, '7.57719'),
  ('g6e.24xlarge',  'NVIDIA L40S', 4, '15.06559'),
  ('g6e.48xlarge',  'NVIDIA L40S', 8, '30.13118'),
  ('p3.2xlarge',    'Tesla V100-SXM2-16GB', 1, '3.06'),
  ('p3.8xlarge',    'Tesla V100-SXM2-16GB', 4, '12.24'),
  ('p3.16xlarge',   'Tesla V100-SXM2-16GB', 8, '24.48'),
  ('p3dn.24xlarge', 'Tesla V100-SXM2-32GB', 8, '31.212'),
  ('p5.48xlarge',   'NVIDIA H100 80GB HBM3', 8, '55.04'),
  ('inf2.xlarge',   'AWS Inferentia2', 1, '0.7582'),
  ('inf2.8xlarge',  'AWS Inferentia2', 1, '1.9679'),
  ('inf2.24xlarge', 'AWS Inferentia2', 6, '6.4906'),
  ('inf2.48xlarge', 'AWS Inferentia2', 12, '12.9813'),
  ('trn1.2xlarge',  'AWS Trainium', 1, '1.34375'),
  ('trn1.32xlarge', 'AWS Trainium', 16, '21.50'),
  ('trn1n.32xlarge','AWS Trainium', 16, '24.78')
) AS t(instance_type, gpu_model, gpus, price);
