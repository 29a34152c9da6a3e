import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { barChartSvg } from './svg-chart.mjs';

const FIXES = new URL('../fixes.md', import.meta.url);

const ms = (v) => (v === undefined || v === null ? 'n/a' : `${v.toFixed(3)} ms`);
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const count = (n) => (n >= 1e6 ? `${n / 1e6} M` : n >= 1e3 ? `${n / 1e3} k` : String(n));

function fixedRateTable(results) {
  const lines = [
    '| upstream | target | p50 | p95 | p99 | achieved RPS | errors | gateway CPU (cores) | gateway peak RSS | gateway GC pause |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results.fixedRate) {
    const gc = typeof r.gcPauseMsPerSecond === 'number' ? `${r.gcPauseMsPerSecond.toFixed(1)} ms/s` : 'n/a';
    lines.push(
      `| ${r.upstreamMs} ms | ${r.target} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${r.achievedRps.toFixed(0)} | ${(r.errorRate * 100).toFixed(2)}% | ${r.cpuCores.toFixed(2)} | ${mib(r.peakRssBytes)} | ${gc} |`,
    );
  }
  return lines.join('\n');
}

function addedLatency(results, target, upstreamMs) {
  const direct = results.fixedRate.find((r) => r.target === 'direct' && r.upstreamMs === upstreamMs);
  const row = results.fixedRate.find((r) => r.target === target && r.upstreamMs === upstreamMs);
  if (!direct || !row) return null;
  return { p50: row.latencyMs.p50 - direct.latencyMs.p50, p95: row.latencyMs.p95 - direct.latencyMs.p95, p99: row.latencyMs.p99 - direct.latencyMs.p99 };
}

/** The machine a run is measured on (stored in raw.json, so a re-rendered report names the right one). */
export function machineOf() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown CPU', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** The Markdown report and its SVG charts (name → content). */
export function renderReport({ date, smoke, medium, machine = machineOf(), probesByRun = {}, runs, overhead, allocations, streams, propagation, ingestion, dashboard, semanticCache, auditExport }) {
  const charts = {};
  const lines = [`# Sluice benchmark report — ${date}${smoke ? ' (smoke run: figures are NOT meaningful)' : medium ? ' (medium scale: data scenarios at a tenth of the target size)' : ''}`, ''];
  lines.push(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, Node ${machine.node}. The load generator runs on the same machine and shares its cores.`, '');
  for (const [at, probe] of Object.entries(probesByRun)) {
    const when = Object.keys(probesByRun).length > 1 ? ` (run started ${at})` : '';
    lines.push(
      `Machine probe${when}: loopback round trip between two processes (1 byte every ${probe.loopback.gapMs} ms) p50 ${probe.loopback.p50Us} µs, p99 ${probe.loopback.p99Us} µs; random memory read ${probe.memoryReadNs['4MiB']} ns over 4 MiB, ${probe.memoryReadNs['64MiB']} ns over 64 MiB. Absolute figures compare only between machines whose probes agree (bench/README.md, *Hardware*).`,
      '',
    );
  }
  const starts = [...new Set(Object.values(runs ?? {}))];
  if (starts.length > 1) {
    lines.push(`Scenarios from more than one run on this machine (\`--merge\`): ${starts.map((at) => `${Object.entries(runs).filter(([, s]) => s === at).map(([name]) => name).join(', ')} started ${at}`).join('; ')}.`, '');
  }

  const added = overhead ? addedLatency(overhead, 'sluice-governed', 0) : null;
  const addedProxy = overhead ? addedLatency(overhead, 'sluice-proxy', 0) : null;
  const best = (t) => overhead?.maxThroughput.find((m) => m.target === t)?.best ?? null;
  const sluiceMax = best('sluice-governed');
  const peerMax = best('portkey');
  const ratio = sluiceMax && peerMax ? sluiceMax.achievedRps / peerMax.achievedRps : null;

  lines.push('## Targets', '', '| scenario | target | measured | holds? |', '|---|---|---|---|');
  if (added) {
    const holds = added.p50 <= 0.5 && added.p99 <= 2;
    lines.push(`| added latency, full governed path, at ${overhead.rate} RPS | p50 ≤ 0.5 ms, p99 ≤ 2 ms | p50 +${added.p50.toFixed(3)} ms, p99 +${added.p99.toFixed(3)} ms | ${holds ? 'yes' : '**no**'} |`);
  } else if (overhead) lines.push('| added latency, full governed path, at 500 RPS | p50 ≤ 0.5 ms, p99 ≤ 2 ms | not measured | — |');
  if (ratio !== null) {
    lines.push(`| max sustained RPS, governed, p99 < 50 ms | ≥ 5× peer | Sluice ${sluiceMax.achievedRps.toFixed(0)} rps vs Portkey ${peerMax.achievedRps.toFixed(0)} rps = ${ratio.toFixed(2)}× | ${ratio >= 5 ? 'yes' : '**no**'} |`);
  } else if (overhead) lines.push('| max sustained RPS, governed, p99 < 50 ms | ≥ 5× peer | not measured (no sustained level found) | — |');
  const ttft = (t) => streams?.ttft.find((r) => r.target === t);
  if (ttft('direct') && ttft('sluice-governed')) {
    const addedTtft = ttft('sluice-governed').ttftMs.p50 - ttft('direct').ttftMs.p50;
    lines.push(`| streaming: time to first token added | ≤ 1 ms p50 | +${addedTtft.toFixed(3)} ms p50 | ${addedTtft <= 1 ? 'yes' : '**no**'} |`);
  }
  if (streams?.concurrent) {
    const c = streams.concurrent;
    const holds = c.stalls === 0 && c.peakRssBytes <= 2 ** 30;
    lines.push(`| ${c.streams} concurrent ${c.streamSeconds} s streams | ≤ 1 GiB RSS, no stalls | peak RSS ${mib(c.peakRssBytes)}, ${c.stalls} stalled of ${c.streams} (worst gap ${c.worstGapMs.toFixed(0)} ms) | ${holds ? 'yes' : '**no**'} |`);
  }
  if (propagation) {
    const worst = Math.max(propagation.keyCreatedMs.max, propagation.keyRevokedMs.max);
    lines.push(`| config change to all gateways (${propagation.gateways} instances, ${propagation.rounds} key creations + revocations) | < 1 s | new key p50 ${propagation.keyCreatedMs.p50.toFixed(1)} ms, revocation p50 ${propagation.keyRevokedMs.p50.toFixed(1)} ms, worst ${worst.toFixed(1)} ms | ${worst < 1000 ? 'yes' : '**no**'} |`);
  }
  if (ingestion) {
    const holds = ingestion.sustainedEventsPerSecond >= 20_000 && ingestion.maxLagMs < 5000;
    lines.push(`| usage ingestion (worker → Postgres), ${ingestion.events} events offered at ${ingestion.offeredRate}/s | ≥ 20,000 events/s, lag < 5 s | ${ingestion.sustainedEventsPerSecond.toFixed(0)} events/s, max lag ${(ingestion.maxLagMs / 1000).toFixed(2)} s, worker (USAGE_CONCURRENCY ${ingestion.usageConcurrency ?? 'default'}) ${ingestion.cpuCores.toFixed(2)} cores, peak RSS ${mib(ingestion.peakRssBytes)} | ${holds ? 'yes' : '**no**'} |`);
  }
  if (dashboard) {
    const w = dashboard.worst;
    const over = dashboard.queries.filter((q) => q.p95 >= dashboard.targetP95Ms).length;
    lines.push(`| dashboard queries over ${count(dashboard.rows)} request logs (${dashboard.queries.length} portal queries) | p95 < 150 ms for every query | worst p95 ${w.p95.toFixed(1)} ms (${w.query}); ${over} of ${dashboard.queries.length} at or over 150 ms | ${over === 0 ? 'yes' : '**no**'} |`);
  } else lines.push('| dashboard queries over 10 M request logs | p95 < 150 ms | not run in this run | — |');
  if (semanticCache) {
    const c = semanticCache;
    const holds = c.latencyMs.p95 < 10 && c.recallAt1 >= 0.95;
    const buffers = c.postgres ? ` (Postgres shared_buffers ${c.postgres.shared_buffers})` : '';
    lines.push(`| semantic cache lookup at ${count(c.entries)} entries (${c.dimensions} dims, HNSW)${buffers} | p95 < 10 ms, recall@1 ≥ 0.95 | p95 ${c.latencyMs.p95.toFixed(2)} ms, recall@1 ${c.recallAt1.toFixed(3)} | ${holds ? 'yes' : '**no**'} |`);
  } else lines.push('| semantic cache lookup at 1 M entries | p95 < 10 ms, recall@1 ≥ 0.95 | not run in this run | — |');
  if (auditExport) {
    const worst = auditExport.runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    // 300 MB as written in the target (decimal), i.e. 286 MiB.
    const holds = auditExport.runs.every((r) => r.seconds < 20 && r.peakRssBytes < 300e6 && r.manifestVerifies);
    const each = auditExport.runs.map((r) => `${r.format} ${r.seconds.toFixed(1)} s / ${mib(r.peakRssBytes)}${r.manifestVerifies ? '' : ' (manifest does NOT verify)'}`).join(', ');
    lines.push(`| audit export of ${count(auditExport.events)} events | < 20 s, worker RSS < 300 MB | ${each}; slowest ${worst.format} | ${holds ? 'yes' : '**no**'} |`);
  } else lines.push('| audit export of 1 M events | < 20 s, worker RSS < 300 MB | not run in this run | — |');
  for (const [key, label] of [[overhead, 'gateway overhead and max RPS'], [streams, 'streaming'], [propagation, 'config change to all gateways'], [ingestion, 'usage ingestion']]) {
    if (!key) lines.push(`| ${label} | see the issue | not run in this run | — |`);
  }
  lines.push('');

  if (overhead) {
    const interleaving = overhead.rounds > 1
      ? ` per target, measured with every target running, in ${overhead.rounds} interleaved rounds of ${overhead.seconds / overhead.rounds} s (the order rotating each round${overhead.roundWarmupSeconds ? `, each after ${overhead.roundWarmupSeconds} s of unrecorded load` : ''}; percentiles over all of a target's requests)`
      : ' per target';
    lines.push('## Gateway overhead', '', `Constant rate ${overhead.rate} RPS for ${overhead.seconds} s${interleaving} after warm-up (open loop; latency measured from each request's scheduled time), unique prompts (so the governed exact-cache lookup misses), non-streaming chat completions of 16 tokens.`, '');
    lines.push(fixedRateTable(overhead), '');
    const perRound = overhead.fixedRate.filter((r) => r.roundP50s?.length > 1);
    if (perRound.length > 0) {
      lines.push('p50 of each round (ms), in round order — how much the machine drifted during the run:', '');
      for (const r of perRound) lines.push(`- ${r.target}, upstream ${r.upstreamMs} ms: ${r.roundP50s.map((p) => p.toFixed(3)).join(', ')}`);
      lines.push('');
    }
    if (addedProxy) lines.push(`Added latency of the pure proxy (0 ms upstream): p50 +${addedProxy.p50.toFixed(3)} ms, p95 +${addedProxy.p95.toFixed(3)} ms, p99 +${addedProxy.p99.toFixed(3)} ms.`, '');
    if (added) lines.push(`Added latency of the full governed path (0 ms upstream): p50 +${added.p50.toFixed(3)} ms, p95 +${added.p95.toFixed(3)} ms, p99 +${added.p99.toFixed(3)} ms.`, '');
    lines.push('### Maximum sustained throughput (0 ms upstream, closed loop, p99 < 50 ms and < 0.1% errors)', '', '| target | best RPS | at concurrency | p99 | CPU (cores) | peak RSS |', '|---|---|---|---|---|---|');
    for (const m of overhead.maxThroughput) {
      if (!m.best) lines.push(`| ${m.target} | none sustained | | | | |`);
      else lines.push(`| ${m.target} | ${m.best.achievedRps.toFixed(0)} | ${m.best.concurrency} | ${ms(m.best.latencyMs.p99)} | ${m.best.cpuCores.toFixed(2)} | ${mib(m.best.peakRssBytes)} |`);
    }
    lines.push('', '![p50 latency at fixed rate](' + date + '/latency-p50.svg)', '', '![max throughput](' + date + '/max-throughput.svg)', '');
    charts['latency-p50.svg'] = barChartSvg({
      title: `p50 latency at ${overhead.rate} RPS (lower is better)`,
      unit: 'ms',
      rows: overhead.fixedRate.map((r) => ({ label: `${r.target}, upstream ${r.upstreamMs} ms`, value: r.latencyMs.p50, color: r.target.startsWith('sluice') ? '#2563eb' : '#94a3b8' })),
    });
    charts['max-throughput.svg'] = barChartSvg({
      title: 'Max sustained RPS, 0 ms upstream (higher is better)',
      unit: 'rps',
      rows: overhead.maxThroughput.map((m) => ({ label: m.target, value: m.best?.achievedRps ?? 0, color: m.target.startsWith('sluice') ? '#2563eb' : '#94a3b8' })),
    });
  }
  if (allocations) {
    lines.push(
      '## Gateway allocations',
      '',
      `Each Sluice gateway alone against the 0 ms mock at ${allocations.rate} RPS for ${allocations.seconds} s after warm-up, with V8's \`--trace-gc-nvp\`: memory allocated and promoted to the old generation per request, and garbage-collection pauses. Allocation per request depends on the code, not on how busy the machine is.`,
      '',
      '| target | allocated / request | promoted / request | scavenges | mark-compacts | GC pause | longest pause |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of allocations.targets) {
      lines.push(`| ${r.target} | ${r.allocatedKiBPerRequest.toFixed(1)} KiB | ${r.promotedKiBPerRequest.toFixed(2)} KiB | ${r.scavenges} | ${r.markCompacts} | ${r.pauseMsPerSecond.toFixed(1)} ms/s | ${r.maxPauseMs.toFixed(1)} ms |`);
    }
    lines.push('');
  }
  if (streams) {
    lines.push('## Streaming', '', 'Time to the first SSE event, streams of 20 mock tokens at a constant rate (latency from the scheduled start):', '', '| target | streams | p50 | p95 | p99 | incomplete |', '|---|---|---|---|---|---|');
    for (const r of streams.ttft) lines.push(`| ${r.target} | ${r.streams} | ${ms(r.ttftMs.p50)} | ${ms(r.ttftMs.p95)} | ${ms(r.ttftMs.p99)} | ${r.failed} |`);
    if (streams.concurrent) {
      const c = streams.concurrent;
      lines.push('', `Concurrent streams: ${c.streams} streams of 40 events over ${c.streamSeconds} s each, opened over a ramp, first straight to the mock, then through the governed gateway; a stall is a gap > 5 s between chunks (the wait for the first one included) or a stream without \`[DONE]\`. CPU and RSS are the mock's for \`direct\`, the gateway's for \`sluice-governed\`.`, '');
      lines.push('| target | completed | stalled | worst gap | worst wait for the first event | statuses | CPU (cores) | peak RSS |', '|---|---|---|---|---|---|---|---|');
      const row = (name, r) => `| ${name} | ${r.completed} | ${r.stalls} | ${r.worstGapMs.toFixed(0)} ms | ${(r.worstFirstEventMs ?? 0).toFixed(0)} ms | ${JSON.stringify(r.statuses)} | ${r.cpuCores.toFixed(2)} | ${mib(r.peakRssBytes)} |`;
      if (streams.concurrentDirect) lines.push(row('direct', streams.concurrentDirect));
      lines.push(row('sluice-governed', c));
      lines.push('', `Peak upstream connections (sockets the mock held) ${c.peakUpstreamSockets ?? 'n/a'} with UPSTREAM_MAX_CONNECTIONS ${c.upstreamMaxConnections ?? 'default'}.`, '');
    }
  }
  if (dashboard) {
    lines.push('## Dashboard queries', '', `${count(dashboard.rows)} request_logs rows over the last ${dashboard.days} days (generated in SQL in ${dashboard.generateSeconds.toFixed(1)} s; rollups rebuilt by the worker's rebuildRollups in ${dashboard.rollupSeconds.toFixed(1)} s: ${dashboard.rollupRows.map((r) => `${r.grain} ${r.n}`).join(', ')} rows). Every analytics call the portal dashboard makes, for the 1 h, 24 h, 7 d and 30 d presets, through a real admin API (HTTP, signed-in org admin), ${dashboard.repeats} sequential calls each after one warm-up:`, '');
    lines.push('| query | p50 | p95 | max |', '|---|---|---|---|');
    for (const q of dashboard.queries) lines.push(`| ${q.query} | ${ms(q.p50)} | ${q.p95 >= dashboard.targetP95Ms ? `**${ms(q.p95)}**` : ms(q.p95)} | ${ms(q.max)} |`);
    lines.push('', '![dashboard p95](' + date + '/dashboard-p95.svg)', '');
    charts['dashboard-p95.svg'] = barChartSvg({
      title: `Dashboard queries over ${count(dashboard.rows)} request logs: p95 (target < 150 ms)`,
      unit: 'ms',
      rows: dashboard.queries.map((q) => ({ label: q.query, value: q.p95, color: q.p95 >= dashboard.targetP95Ms ? '#dc2626' : '#2563eb' })),
    });
  }
  if (semanticCache) {
    const c = semanticCache;
    lines.push('## Semantic cache lookup', '', `${count(c.entries)} entries of ${c.dimensions} dimensions in one org, ${c.scopes} scopes (70/20/9/1 %), clustered like prompt embeddings; the HNSW index from the migration (bulk-built in ${c.indexBuildSeconds.toFixed(1)} s; ${mib(c.tableBytes)} with indexes${c.indexBytes ? `, the HNSW index ${mib(c.indexBytes)}` : ''}). ${c.lookups} sequential lookups through SemanticCache.lookup (libs/cache) of paraphrase-like queries (a stored entry plus noise)${c.warmups ? `, after ${c.warmups} warm-up lookups of other queries` : ''}${c.postgres ? `; Postgres shared_buffers ${c.postgres.shared_buffers}` : ''}:`, '');
    lines.push('| p50 | p95 | p99 | max | recall@1 vs exact | exact searches | query\'s source entry is the exact nearest |', '|---|---|---|---|---|---|---|');
    lines.push(`| ${ms(c.latencyMs.p50)} | ${ms(c.latencyMs.p95)} | ${ms(c.latencyMs.p99)} | ${ms(c.latencyMs.max)} | ${c.recallAt1.toFixed(3)} | ${c.exactChecks} | ${(c.sourceIsNearestShare * 100).toFixed(0)} % |`, '');
  }
  if (auditExport) {
    lines.push('## Audit export', '', `${count(auditExport.events)} hash-chained audit events of one org; each export is an export_jobs row plus an \`exports\` job run by a worker process (chain re-verified from genesis, streamed, manifest signed). Worker RSS when idle: ${mib(auditExport.idleRssBytes)}.`, '');
    lines.push('| format | rows | file | time | worker peak RSS | worker CPU (cores) | manifest verifies |', '|---|---|---|---|---|---|---|');
    for (const r of auditExport.runs) lines.push(`| ${r.format} | ${r.rows} | ${mib(r.fileBytes)} | ${r.seconds.toFixed(2)} s | ${mib(r.peakRssBytes)} | ${r.cpuCores.toFixed(2)} | ${r.manifestVerifies ? 'yes' : `**no**: ${r.problem}`} |`);
    lines.push('');
  }
  if (existsSync(FIXES)) lines.push(readFileSync(FIXES, 'utf8').trim(), '');
  return { markdown: `${lines.join('\n')}\n`, charts };
}
