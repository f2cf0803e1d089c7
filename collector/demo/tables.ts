/**
 * The demo's non-telemetry tables: FOCUS-shaped daily cost lines, inference volumes, delivery history, SLO
 * buckets and alert episodes. Pure: rows as plain objects, times in epoch ms.
 */
import { between, hexId, noise, pick, rng } from './rng.ts';
import { MODELS, SERVICES } from './world.ts';
import type { GpuPlan } from './gpu-plan.ts';

type Row = Record<string, unknown>;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const money = (x: number): string => x.toFixed(6);

/** Serving traffic shape over a day (mean ≈ 0.675 of the peak), UTC. */
function load(ms: number): number {
  const hour = (ms / HOUR) % 24;
  return 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 8)) / 24));
}

export function buildDemoTables(seed: number, startMin: number, endMin: number, plan: GpuPlan): Record<string, Row[]> {
  const start = startMin * MIN;
  const end = endMin * MIN;
  const random = rng(seed * 104_729 + 3);
  const burnAt = Math.floor(end / DAY) * DAY - 8 * DAY + 13 * HOUR;
  const delivery = deliveryRows(random, start, end, burnAt);
  return {
    cost_line: costRows(start, end, plan),
    usage_metric: usageRows(seed, start, end),
    ...delivery,
    ...reliabilityRows(seed, random, start, end, burnAt),
  };
}

function costRows(start: number, end: number, plan: GpuPlan): Row[] {
  const rows: Row[] = [];
  const estimatedFrom = Math.floor(end / DAY) * DAY - DAY; // yesterday and today are still estimated
  const base = (day: number): Row => ({
    BillingAccountId: '123456789012',
    BillingAccountName: 'acme-ai',
    SubAccountId: '210987654321',
    SubAccountName: 'acme-ai-prod',
    BillingPeriodStart: Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 1),
    BillingPeriodEnd: Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth() + 1, 1),
    ChargePeriodStart: day,
    ChargePeriodEnd: Math.min(day + DAY, end),
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    BillingCurrency: 'USD',
    ProviderName: 'AWS',
    PublisherName: 'AWS',
    InvoiceIssuerName: 'AWS',
    x_source: 'demo',
    x_ingest_run: 'demo',
    x_estimated: day >= estimatedFrom,
  });
  const nodes = new Map(plan.units.map((u) => [u.node, u]));
  for (let day = start; day < end; day += DAY) {
    const dayEnd = Math.min(day + DAY, end);
    for (const u of nodes.values()) {
      const model = MODELS[u.modelKey];
      const from = Math.max(day, u.firstSeen * MIN);
      if (from >= dayEnd) continue;
      const hours = (dayEnd - from) / HOUR;
      const list = hours * model.instancePrice;
      // prod-us-east runs under a 1-year compute savings plan (about 28 % off).
      const committed = u.cluster === 'prod-us-east';
      const effective = committed ? list * 0.72 : list;
      rows.push({
        ...base(day),
        ChargePeriodStart: from,
        ChargeDescription: `$${model.instancePrice} per On Demand Linux ${model.instanceType} Instance Hour`,
        BilledCost: money(effective),
        EffectiveCost: money(effective),
        ListCost: money(list),
        ContractedCost: money(effective),
        ConsumedQuantity: hours.toFixed(6),
        ConsumedUnit: 'Hours',
        PricingQuantity: hours.toFixed(6),
        PricingUnit: 'Hours',
        RegionId: u.region,
        RegionName: u.region,
        ResourceId: `i-${hexId(u.node, 17)}`,
        ResourceName: u.node,
        ResourceType: 'Instance',
        ServiceCategory: 'Compute',
        ServiceName: 'Amazon Elastic Compute Cloud',
        SkuId: hexId(model.instanceType, 16).toUpperCase(),
        SkuPriceDetails: { InstanceType: model.instanceType, GpuCount: 8 },
        CommitmentDiscountType: committed ? 'Savings Plan' : null,
        CommitmentDiscountStatus: committed ? 'Used' : null,
        Tags: { cluster: u.cluster, 'kubernetes.io/role': 'gpu-node' },
        x_usage_type: `${u.region === 'us-east-1' ? '' : `${u.region.toUpperCase().replace(/-/g, '').slice(0, 4)}-`}BoxUsage:${model.instanceType}`,
        x_instance_type: model.instanceType,
        x_gpu_model: model.model,
        x_gpus_per_instance: 8,
        x_cluster: u.cluster,
      });
    }
    // The rest of the bill: never called GPU spend.
    const share = (dayEnd - day) / DAY;
    const others: [string, string, number, string | null][] = [
      ['Amazon Simple Storage Service', 'Storage', 310, null],
      ['Amazon Elastic Kubernetes Service', 'Compute', 7.2, null],
      ['AWS Data Transfer', 'Networking', 140, null],
      ['Amazon CloudWatch', 'Management and Governance', 55, null],
      ['Amazon Elastic Compute Cloud', 'Compute', 420, 'm7i.4xlarge'],
    ];
    for (const [service, category, daily, instanceType] of others) {
      const amount = daily * share * (0.9 + 0.2 * noise(day / DAY, service.length, 7));
      rows.push({
        ...base(day),
        ChargeDescription: `${service} usage`,
        BilledCost: money(amount),
        EffectiveCost: money(amount),
        ListCost: money(amount),
        ContractedCost: money(amount),
        RegionId: 'us-east-1',
        RegionName: 'us-east-1',
        ServiceCategory: category,
        ServiceName: service,
        SkuPriceDetails: instanceType ? { InstanceType: instanceType } : null,
        x_instance_type: instanceType,
      });
    }
  }
  return rows;
}

function usageRows(seed: number, start: number, end: number): Row[] {
  const rows: Row[] = [];
  for (const s of SERVICES.filter((x) => x.kind === 'model-serving')) {
    for (let day = start; day < end; day += DAY) {
      const dayEnd = Math.min(day + DAY, end);
      let requests = 0;
      for (let t = day; t < dayEnd; t += HOUR) requests += s.peakRps * 3600 * load(t) * Math.min(1, (dayEnd - t) / HOUR);
      rows.push({
        metric: 'inference_requests',
        service: s.name,
        window_start: day,
        window_end: dayEnd,
        value: Math.round(requests * (0.92 + 0.16 * noise(seed, day / DAY, s.peakRps))),
        source: 'demo',
      });
    }
  }
  return rows;
}

function deliveryRows(random: () => number, start: number, end: number, burnAt: number): Record<string, Row[]> {
  const deployments: Row[] = [];
  const commits: Row[] = [];
  const changes: Row[] = [];
  const prs: Row[] = [];
  const pipelines: Row[] = [];
  const incidents: Row[] = [];
  const links: Row[] = [];
  const authors = ['amara', 'bo', 'chen', 'dana', 'eli', 'farah', 'gus', 'hana'];
  for (const s of SERVICES) {
    let t = start + Math.floor(between(random, 2, 30)) * HOUR;
    let n = 0;
    let prNumber = 100;
    let lastGood: Row | null = null;
    while (t < end - 2 * HOUR) {
      n++;
      const id = `${s.name}-deploy-${n}`;
      const shas: string[] = [];
      for (let k = 0, count = 1 + Math.floor(random() * 4); k < count; k++) {
        const sha = hexId(`${id}:${k}`, 40);
        const authored = t - Math.floor(between(random, 1, 96) * HOUR);
        const pr = `acme/${s.name}#${++prNumber}`;
        shas.push(sha);
        commits.push({ sha, service: s.name, authored_at: authored, committed_at: authored + 20 * MIN, author: pick(random, authors), pr, source: 'demo' });
        prs.push({
          pr_id: pr,
          service: s.name,
          created_at: authored + 30 * MIN,
          merged_at: Math.min(t - 30 * MIN, authored + Math.floor(between(random, 2, 30) * HOUR)),
          author: pick(random, authors),
          is_bot: false,
          is_revert: false,
          merge_commit: sha,
          source: 'demo',
        });
        changes.push({ deployment_id: id, commit_sha: sha, source: 'demo' });
      }
      const status = random() < 0.06 ? 'failure' : 'success';
      const finished = t + Math.floor(between(random, 6, 25)) * MIN;
      const deployment: Row = { deployment_id: id, service: s.name, environment: 'production', status, kind: 'normal', started_at: t, finished_at: finished, commit_sha: shas[shas.length - 1], rollback_of: null, source: 'demo' };
      deployments.push(deployment);
      const rerun = random() < 0.1;
      pipelines.push({ run_id: `${id}-ci`, attempt: 1, pipeline: 'build-test', service: s.name, status: rerun ? 'failure' : 'success', started_at: t - 25 * MIN, finished_at: t - 10 * MIN, commit_sha: deployment['commit_sha'], source: 'demo' });
      if (rerun) pipelines.push({ run_id: `${id}-ci`, attempt: 2, pipeline: 'build-test', service: s.name, status: 'success', started_at: t - 9 * MIN, finished_at: t - 1 * MIN, commit_sha: deployment['commit_sha'], source: 'demo' });

      // The ranker deployment just before the burn event causes an incident and is rolled back.
      const causesBurn = s.name === 'ranker' && t < burnAt && t + 3 * DAY > burnAt && status === 'success' && !incidents.some((i) => i['incident_id'] === 'inc-ranker-burn');
      if (causesBurn) {
        const deployAt = burnAt - 40 * MIN;
        deployment['started_at'] = deployAt - 10 * MIN;
        deployment['finished_at'] = deployAt;
        incidents.push({ incident_id: 'inc-ranker-burn', service: 'ranker', severity: 'sev2', created_at: burnAt + 5 * MIN, acknowledged_at: burnAt + 12 * MIN, resolved_at: burnAt + 2 * HOUR + 5 * MIN, caused_by: id, source: 'demo' });
        links.push({ incident_id: 'inc-ranker-burn', deployment_id: id, method: 'explicit', confidence: 1, source: 'demo' });
        const rollbackId = `${s.name}-rollback-${n}`;
        deployments.push({ deployment_id: rollbackId, service: s.name, environment: 'production', status: 'success', kind: 'rollback', started_at: burnAt + 110 * MIN, finished_at: burnAt + 2 * HOUR, commit_sha: lastGood?.['commit_sha'] ?? null, rollback_of: id, source: 'demo' });
        t = burnAt + 6 * HOUR;
        continue;
      }
      if (status === 'success' && random() < 0.05 && finished + 3 * HOUR < end) {
        const created = finished + Math.floor(between(random, 20, 600)) * MIN;
        const incidentId = `inc-${s.name}-${n}`;
        incidents.push({ incident_id: incidentId, service: s.name, severity: pick(random, ['sev2', 'sev3']), created_at: created, acknowledged_at: created + 8 * MIN, resolved_at: created + Math.floor(between(random, 30, 300)) * MIN, caused_by: id, source: 'demo' });
        links.push({ incident_id: incidentId, deployment_id: id, method: 'explicit', confidence: 1, source: 'demo' });
      }
      if (status === 'success') lastGood = deployment;
      t = finished + Math.floor(between(random, s.kind === 'training' ? 48 : 14, s.kind === 'training' ? 140 : 70) * HOUR);
    }
  }
  return { deployments, commits, deployment_changes: changes, pull_requests: prs, pipeline_runs: pipelines, incidents, incident_deployment_links: links };
}

function reliabilityRows(seed: number, random: () => number, start: number, end: number, burnAt: number): Record<string, Row[]> {
  const slos: Row[] = [];
  const buckets: Row[] = [];
  for (const s of SERVICES.filter((x) => x.kind === 'model-serving')) {
    const sloId = `${s.name}/availability`;
    const objective = s.name === 'llm-chat' ? 0.995 : 0.999;
    slos.push({ slo_id: sloId, service: s.name, name: 'availability', objective, period: 'rolling:30d', period_tz: 'UTC', spec_format: 'demo', source: 'demo', spec: { objective, sli: 'non-5xx responses / responses' }, source_file: null });
    for (let b = start; b + 5 * MIN <= end; b += 5 * MIN) {
      const total = Math.round(s.peakRps * 300 * load(b) * (0.9 + 0.2 * noise(seed, b / MIN, s.peakRps)));
      const burning = s.name === 'ranker' && b >= burnAt && b < burnAt + 2 * HOUR;
      const rate = burning ? 0.04 : 0.0002 * 2 * noise(seed + 1, b / MIN, s.peakRps);
      buckets.push({ slo_id: sloId, bucket_start: b, bad: Math.round(total * rate), total, source: 'demo' });
    }
  }

  const episodes: Row[] = [];
  const acks: Row[] = [];
  const episode = (alertname: string, severity: string, receiver: string, labels: Record<string, string>, startsAt: number, endsAt: number | null, ack: { at: number; by: string } | null): void => {
    const all = { alertname, severity, ...labels };
    const fingerprint = hexId(JSON.stringify(all), 16);
    const lastAt = endsAt ?? end;
    episodes.push({ fingerprint, starts_at: startsAt, ends_at: endsAt, alertname, receiver, severity, labels: all, group_key: `{}:{alertname="${alertname}"}`, notifications: 1 + Math.floor((lastAt - startsAt) / (4 * HOUR)) + (endsAt === null ? 0 : 1), last_notified_at: lastAt, source: 'demo' });
    if (ack) acks.push({ fingerprint, starts_at: startsAt, acked_at: ack.at, acked_by: ack.by, automated: false, actionable: true, source: 'demo' });
  };
  // The burn: paged, acknowledged, resolved by the rollback.
  episode('RankerErrorBudgetBurn', 'page', 'pagerduty', { service: 'ranker', slo: 'availability' }, burnAt + 5 * MIN, burnAt + 2 * HOUR + 10 * MIN, { at: burnAt + 12 * MIN, by: 'oncall-search' });
  // The noisy one: disk pressure on a training node that fires and clears on its own all day long.
  for (let t = start + 2 * HOUR; t < end - HOUR; t += Math.floor(between(random, 1.5, 6) * HOUR)) {
    const duration = random() < 0.7 ? Math.floor(between(random, 1, 4)) * MIN : Math.floor(between(random, 8, 40)) * MIN;
    episode('NodeDiskPressure', 'warning', 'slack-infra', { node: 'train-us-west-node-2', cluster: 'train-us-west' }, t, t + duration, null);
  }
  // Idle GPUs nobody acts on: the forgotten notebook.
  const notebook = Math.floor(end / DAY) * DAY - 10 * DAY + 9 * HOUR;
  episode('GPUAllocatedIdle', 'warning', 'slack-finops', { namespace: 'notebooks', pod: 'jupyter-alice' }, notebook + HOUR, notebook + 3 * DAY, null);
  // The exporter outage on edge-eu-node-2, acknowledged.
  const gap = Math.floor(end / DAY) * DAY - 10 * DAY + 2 * HOUR;
  episode('DCGMExporterDown', 'critical', 'pagerduty', { node: 'edge-eu-node-2', cluster: 'edge-eu' }, gap + 5 * MIN, gap + 2 * HOUR + 2 * MIN, { at: gap + 15 * MIN, by: 'oncall-infra' });
  // Crash loops, some acknowledged; one still firing now.
  for (let t = start + 3 * DAY; t < end - DAY; t += Math.floor(between(random, 4, 11)) * DAY) {
    const acked = random() < 0.5;
    episode('KubePodCrashLooping', 'critical', 'pagerduty', { namespace: pick(random, ['search', 'recsys', 'vision']), pod: `worker-${hexId(String(t), 5)}` }, t, t + Math.floor(between(random, 15, 90)) * MIN, acked ? { at: t + 10 * MIN, by: 'oncall-platform' } : null);
  }
  episode('GPUTemperatureHigh', 'warning', 'slack-infra', { node: 'prod-us-east-node-3', gpu: '5' }, end - 3 * HOUR, null, null);
  return { slos, slo_buckets: buckets, alert_episodes: episodes, alert_acks: acks };
}
