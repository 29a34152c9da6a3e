/**
 * Renders every Kustomize overlay in infra/k8s/overlays with `kubectl kustomize` and checks each
 * object against the Kubernetes OpenAPI schemas (kubernetes-models) and Sluice's own invariants.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { gatewayEnvSchema } from '@sluice/contracts';
import { root, k8sDir, overlays, allowedEnv, appOf, modelFor, hasKubectl, render, containersOf, selectorMatches, envValue, unknownFields, type Obj, type Container } from './k8s-manifests';

it('kubectl is installed (CI machines have it; the manifest tests below need it to render)', () => {
  if (!hasKubectl) throw new Error('kubectl not found on PATH: install kubectl (with kustomize v5) to render infra/k8s overlays');
});

it('has the expected overlays', () => {
  expect(overlays).toEqual(expect.arrayContaining(['dev', 'production', 'standalone']));
});

const describeK8s = hasKubectl ? describe : describe.skip;

describeK8s.each(overlays)('overlay %s', (overlay) => {
  let objs: Obj[] = [];
  beforeAll(() => {
    objs = render(join(k8sDir, 'overlays', overlay));
  });
  const byKind = (kind: string) => objs.filter((o) => o.kind === kind);
  const appOfContainer = (o: Obj, c: Container) => (o.kind === 'Job' ? 'migrate' : c.name);

  it('validates every object against the Kubernetes schemas', () => {
    expect(objs.length).toBeGreaterThan(10);
    for (const o of objs) {
      const Model = modelFor(o.apiVersion, o.kind);
      if (!Model) throw new Error(`no Kubernetes schema for ${o.apiVersion} ${o.kind} (${o.metadata.name})`);
      // Long base64 values are folded over lines in kubectl's YAML; the API server ignores the breaks.
      const obj = o.kind === 'Secret' ? { ...o, data: Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, v.replace(/\s/g, '')])) } : o;
      try {
        new Model(obj).validate();
      } catch (err) {
        throw new Error(`${o.kind}/${o.metadata.name} is invalid: ${(err as Error).message}`);
      }
    }
  });

  it('sets no field that the Kubernetes API does not declare (typos)', () => {
    expect(unknownFields(objs)).toEqual([]);
    const typo = JSON.parse(JSON.stringify(objs.find((o) => o.kind === 'Deployment')));
    typo.spec.template.spec.containers[0].readinesProbe = {};
    expect(unknownFields(objs.map((o) => (o.kind === 'Deployment' && o.metadata.name === typo.metadata.name ? typo : o)))).toEqual([expect.stringMatching(/containers\[0\]\.readinesProbe$/)]);
  });

  it('has the four apps, their Services, autoscalers, disruption budgets and the migration Job', () => {
    const names = (kind: string) => byKind(kind).map((o) => o.metadata.name).sort();
    expect(names('Deployment')).toEqual(['sluice-admin-api', 'sluice-gateway', 'sluice-portal', 'sluice-worker']);
    expect(names('Service')).toEqual(['sluice-admin-api', 'sluice-gateway', 'sluice-portal']);
    expect(names('HorizontalPodAutoscaler')).toEqual(['sluice-gateway', 'sluice-worker']);
    expect(names('PodDisruptionBudget')).toEqual(['sluice-admin-api', 'sluice-gateway', 'sluice-portal', 'sluice-worker']);
    expect(names('Job')).toEqual(['sluice-migrate']);
    expect(byKind('NetworkPolicy').length).toBeGreaterThan(0);
  });

  it('sets only env vars that the app schema knows, and references only existing ConfigMaps/Secret keys', () => {
    for (const o of [...byKind('Deployment'), ...byKind('Job')]) {
      for (const c of containersOf(o)) {
        const app = appOfContainer(o, c);
        const allowed = new Set(allowedEnv[app]);
        // Standalone: ${VAR} placeholders of the mounted config file are env vars of the gateway too.
        for (const cm of byKind('ConfigMap').filter((x) => x.metadata.name.startsWith('sluice-standalone-config'))) {
          for (const text of Object.values(cm.data ?? {})) for (const m of text.matchAll(/\$\{([A-Z0-9_]+)/g)) allowed.add(m[1]);
        }
        expect(allowed.size).toBeGreaterThan(2);
        for (const e of c.env ?? []) {
          if (!allowed.has(e.name)) throw new Error(`${o.metadata.name}/${c.name}: env ${e.name} is not in the ${app} env schema`);
          const cmRef = e.valueFrom?.configMapKeyRef;
          if (cmRef) {
            const cm = objs.find((x) => x.kind === 'ConfigMap' && x.metadata.name === cmRef.name);
            expect(cm?.data?.[cmRef.key]).toBeDefined();
          }
        }
      }
    }
  });

  it('takes DATABASE_URL, REDIS_URL, SLUICE_KEY_PEPPER and SLUICE_KEK from a Secret', () => {
    const gw = byKind('Deployment').find((o) => o.metadata.name === 'sluice-gateway')!;
    const c = containersOf(gw)[0];
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SLUICE_KEY_PEPPER', 'SLUICE_KEK']) {
      expect(c.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.name).toMatch(/^sluice-secrets/);
    }
    const secrets = byKind('Secret');
    if (overlay === 'dev') {
      expect(secrets.map((s) => s.metadata.name)).toEqual([expect.stringMatching(/^sluice-secrets-/)]);
      expect(Buffer.from(secrets[0].data!.SLUICE_KEY_PEPPER, 'base64').toString()).toMatch(/fake/);
    } else {
      expect(secrets).toEqual([]); // production-like overlays never carry secret values
    }
  });

  it('uses NODE_ENV=production outside dev', () => {
    if (overlay === 'dev') return;
    for (const o of [...byKind('Deployment'), ...byKind('Job')]) {
      for (const c of containersOf(o)) expect(envValue(c, 'NODE_ENV', objs)).toBe('production');
    }
  });

  it('probes the real health paths on the app port', () => {
    for (const o of byKind('Deployment')) {
      for (const c of containersOf(o)) {
        const { port } = appOf[c.name];
        const portOf = (p: string | number) => (typeof p === 'number' ? p : c.ports?.find((x) => x.name === p)?.containerPort);
        expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(c.livenessProbe.httpGet.path).toBe('/health/live');
        expect(portOf(c.readinessProbe.httpGet.port)).toBe(port);
        expect(portOf(c.livenessProbe.httpGet.port)).toBe(port);
        // The app listens where the probes look.
        const portVar = { gateway: 'GATEWAY_PORT', 'admin-api': 'ADMIN_API_PORT', worker: 'WORKER_HEALTH_PORT', portal: 'PORTAL_PORT' }[c.name]!;
        expect(Number(envValue(c, portVar, objs))).toBe(port);
      }
    }
  });

  it('gives the gateway a termination grace of at least preStop + SHUTDOWN_DRAIN_MS + margin, and a writable spool', () => {
    const gw = byKind('Deployment').find((o) => o.metadata.name === 'sluice-gateway')!;
    const c = containersOf(gw)[0];
    const drainMs = Number(envValue(c, 'SHUTDOWN_DRAIN_MS', objs) ?? gatewayEnvSchema.shape.SHUTDOWN_DRAIN_MS.parse(undefined));
    const preStop = c.lifecycle?.preStop?.exec?.command?.[0] === 'sleep' ? Number(c.lifecycle.preStop.exec.command[1]) : 0;
    expect(gw.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + drainMs / 1000 + 10);
    const spool = envValue(c, 'USAGE_SPOOL_DIR', objs);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const mount = (c as any).volumeMounts.find((m: { mountPath: string }) => m.mountPath === spool);
    expect(mount).toBeDefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(gw.spec.template.spec.volumes.find((v: any) => v.name === mount.name).emptyDir).toBeDefined();
  });

  it('signs exports with SLUICE_AUDIT_SIGNING_KEY from the Secret, and the worker writes them where the admin API serves them: one ReadWriteMany claim at EXPORTS_DIR', () => {
    const deployment = (name: string) => byKind('Deployment').find((o) => o.metadata.name === name)!;
    const worker = containersOf(deployment('sluice-worker'))[0];
    const signing = worker.env?.find((e) => e.name === 'SLUICE_AUDIT_SIGNING_KEY')?.valueFrom?.secretKeyRef;
    expect(signing).toMatchObject({ name: expect.stringMatching(/^sluice-secrets/), key: 'SLUICE_AUDIT_SIGNING_KEY' });
    expect(signing.optional).toBeUndefined();

    const exportsClaim = (name: string) => {
      const d = deployment(name);
      const c = containersOf(d)[0];
      const dir = envValue(c, 'EXPORTS_DIR', objs);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const mount = (c as any).volumeMounts.find((m: { mountPath: string }) => m.mountPath === dir);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { dir, claim: d.spec.template.spec.volumes.find((v: any) => v.name === mount?.name)?.persistentVolumeClaim?.claimName };
    };
    const written = exportsClaim('sluice-worker');
    expect(written.dir).toMatch(/^\//);
    expect(exportsClaim('sluice-admin-api')).toEqual(written);
    const claim = byKind('PersistentVolumeClaim').find((o) => o.metadata.name === written.claim);
    expect(claim?.spec.accessModes).toEqual(['ReadWriteMany']);

    if (overlay === 'dev') {
      const secret = byKind('Secret')[0];
      const key = createPrivateKey({ key: Buffer.from(Buffer.from(secret.data!.SLUICE_AUDIT_SIGNING_KEY.replace(/\s/g, ''), 'base64').toString(), 'base64'), format: 'der', type: 'pkcs8' });
      expect(key.asymmetricKeyType).toBe('ed25519');
      expect(key.export({ format: 'der', type: 'pkcs8' }).toString()).toMatch(/FAKE/);
    }
  });

  it('runs every container as non-root with a read-only root filesystem, with requests and limits', () => {
    for (const o of [...byKind('Deployment'), ...byKind('Job')]) {
      const pod = o.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const c of pod.containers as any[]) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
        expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      }
    }
  });

  it('points autoscalers at existing Deployments (CPU, min 2) and disruption budgets and Services at pods', () => {
    const deployments = byKind('Deployment');
    for (const hpa of byKind('HorizontalPodAutoscaler')) {
      const ref = hpa.spec.scaleTargetRef;
      expect(ref.kind).toBe('Deployment');
      expect(deployments.map((d) => d.metadata.name)).toContain(ref.name);
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      expect(deployments.find((d) => d.metadata.name === ref.name)!.spec.replicas).toBeUndefined();
    }
    for (const d of deployments) {
      expect(selectorMatches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    }
    for (const pdb of byKind('PodDisruptionBudget')) {
      const matched = deployments.filter((d) => selectorMatches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect(matched.map((d) => d.metadata.name)).toEqual([pdb.metadata.name]);
    }
    for (const svc of byKind('Service')) {
      const matched = deployments.filter((d) => selectorMatches(svc.spec.selector, d.spec.template.metadata.labels));
      expect(matched.map((d) => d.metadata.name)).toEqual([svc.metadata.name]);
      const c = containersOf(matched[0])[0];
      expect(c.ports?.map((p) => p.name)).toContain(svc.spec.ports[0].targetPort);
    }
  });

  it('lets only the portal reach the admin API', () => {
    const policies = byKind('NetworkPolicy');
    const adminLabels = byKind('Deployment').find((d) => d.metadata.name === 'sluice-admin-api')!.spec.template.metadata.labels;
    const portalLabels = byKind('Deployment').find((d) => d.metadata.name === 'sluice-portal')!.spec.template.metadata.labels;
    const selects = (p: Obj, labels: Record<string, string>) => selectorMatches(p.spec.podSelector.matchLabels ?? {}, labels) && !p.spec.podSelector.matchExpressions;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ingressRules = policies.filter((p) => selects(p, adminLabels)).flatMap((p) => (p.spec.ingress ?? []) as any[]);
    expect(ingressRules.length).toBeGreaterThan(0);
    for (const rule of ingressRules) {
      expect(rule.from?.length).toBeGreaterThan(0);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const peer of rule.from as any[]) {
        expect(peer.ipBlock).toBeUndefined();
        expect(selectorMatches(peer.podSelector.matchLabels, portalLabels)).toBe(true);
      }
    }
    expect(policies.some((p) => p.spec.policyTypes.includes('Ingress') && Object.keys(p.spec.podSelector.matchLabels ?? {}).join() === 'app.kubernetes.io/part-of' && !p.spec.ingress)).toBe(true);
  });

  it('uses the images the Dockerfiles build, and the migration Job runs the migrate CLI', () => {
    for (const o of [...byKind('Deployment'), ...byKind('Job')]) {
      for (const c of containersOf(o)) {
        const app = appOfContainer(o, c);
        const repo = c.image.replace(/:[^/:]+$/, '');
        expect(repo.endsWith(appOf[app].image)).toBe(true);
        const dockerfile = `${appOf[app].image.split('/')[1]}.Dockerfile`;
        expect(existsSync(join(root, 'docker', dockerfile))).toBe(true);
        if (overlay !== 'dev') expect(c.image).not.toMatch(/:(latest|dev)$/);
      }
    }
    const job = byKind('Job')[0];
    expect(containersOf(job)[0].command).toEqual(['node', 'libs/db/dist/cli/migrate.js', 'up']);
  });

  it('the pre-rollout migration step (selector component in (config,migrate)) brings everything the Job references', () => {
    const step = objs.filter((o) => ['config', 'migrate'].includes(o.metadata.labels?.['app.kubernetes.io/component'] ?? ''));
    const job = step.find((o) => o.kind === 'Job')!;
    expect(job.metadata.name).toBe('sluice-migrate');
    for (const e of containersOf(job)[0].env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      if (cm) expect(step.some((o) => o.kind === 'ConfigMap' && o.metadata.name === cm.name)).toBe(true);
      const secret = e.valueFrom?.secretKeyRef;
      if (secret && overlay === 'dev') expect(step.some((o) => o.kind === 'Secret' && o.metadata.name === secret.name)).toBe(true);
    }
    expect(job.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
  });

  if (overlay === 'standalone') {
    it('runs the gateway with --config from the mounted example config', () => {
      const gw = byKind('Deployment').find((o) => o.metadata.name === 'sluice-gateway')!;
      const c = containersOf(gw)[0];
      expect(c.args).toEqual(['--config', '/etc/sluice/sluice.yaml']);
      expect(c.command).toEqual(['node', 'apps/gateway/dist/main.js']);
      const cm = byKind('ConfigMap').find((o) => o.metadata.name.startsWith('sluice-standalone-config-'))!;
      expect(cm.data!['sluice.yaml']).toBe(readFileSync(join(root, 'apps/gateway/examples/sluice.standalone.yaml'), 'utf8'));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const vol = gw.spec.template.spec.volumes.find((v: any) => v.configMap?.name === cm.metadata.name);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect((c as any).volumeMounts).toEqual(expect.arrayContaining([expect.objectContaining({ name: vol.name, mountPath: '/etc/sluice' })]));
    });
  }
});

it('the standalone overlay copy of the example config equals the original', () => {
  expect(readFileSync(join(k8sDir, 'overlays/standalone/sluice.yaml'), 'utf8')).toBe(
    readFileSync(join(root, 'apps/gateway/examples/sluice.standalone.yaml'), 'utf8'),
  );
});

/** matchLabels and matchExpressions (In / NotIn / Exists / DoesNotExist) of a Kubernetes label selector. */
function labelSelectorMatches(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] },
  labels: Record<string, string> = {},
): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabel && byExpression;
}

it('the optional ServiceMonitor component scrapes /metrics of the gateway and admin API Services and the worker pods, and lets Prometheus in', () => {
  if (!hasKubectl) throw new Error('kubectl not found on PATH: install kubectl (with kustomize v5) to render infra/k8s overlays');
  // kustomize refuses absolute paths to bases, so the throwaway kustomization lives inside infra/k8s.
  const dir = mkdtempSync(join(k8sDir, '.render-'));
  try {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: sluice\nresources: [../overlays/production]\ncomponents: [../components/servicemonitor]\n',
    );
    const objs = render(dir);
    const monitors = objs.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors).toHaveLength(1);
    const sm = monitors[0];
    expect(sm).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', metadata: { namespace: 'sluice' } });
    const services = objs.filter((o) => o.kind === 'Service' && labelSelectorMatches(sm.spec.selector, o.metadata.labels));
    expect(services.map((o) => o.metadata.name).sort()).toEqual(['sluice-admin-api', 'sluice-gateway']);
    for (const ep of sm.spec.endpoints as { port: string; path: string }[]) {
      expect(ep.path).toBe('/metrics');
      for (const svc of services) expect(svc.spec.ports.map((p: { name: string }) => p.name)).toContain(ep.port);
    }
    // The worker has no Service: a PodMonitor scrapes its health port.
    const podMonitors = objs.filter((o) => o.kind === 'PodMonitor');
    expect(podMonitors).toHaveLength(1);
    const pods = objs.filter((o) => o.kind === 'Deployment' && labelSelectorMatches(podMonitors[0].spec.selector, o.spec.template.metadata.labels));
    expect(pods.map((o) => o.metadata.name)).toEqual(['sluice-worker']);
    const workerPorts = (pods[0].spec.template.spec.containers as Container[]).flatMap((c) => c.ports ?? []);
    for (const ep of podMonitors[0].spec.podMetricsEndpoints as { port: string; path: string }[]) {
      expect(ep.path).toBe('/metrics');
      expect(workerPorts.map((p) => p.name)).toContain(ep.port);
    }
    // Admin API and worker accept no outside traffic by default; the component opens their ports to Prometheus.
    const allow = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'sluice-allow-prometheus');
    expect(allow).toBeDefined();
    const NetworkPolicy = modelFor(allow!.apiVersion, allow!.kind)!;
    new NetworkPolicy(allow as object).validate();
    const targets = objs.filter((o) => o.kind === 'Deployment' && labelSelectorMatches(allow!.spec.podSelector, o.spec.template.metadata.labels));
    expect(targets.map((o) => o.metadata.name).sort()).toEqual(['sluice-admin-api', 'sluice-worker']);
    expect(allow!.spec.ingress[0].ports.map((p: { port: number }) => p.port).sort()).toEqual([4100, 4200]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the optional worker-queue-autoscaling component adds usage-queue depth and lag to the worker HPA, served by the documented prometheus-adapter rules', () => {
  if (!hasKubectl) throw new Error('kubectl not found on PATH: install kubectl (with kustomize v5) to render infra/k8s overlays');
  const componentDir = join(k8sDir, 'components', 'worker-queue-autoscaling');
  const dir = mkdtempSync(join(k8sDir, '.render-'));
  try {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: sluice\nresources: [../overlays/production]\ncomponents: [../components/worker-queue-autoscaling]\n',
    );
    const objs = render(dir);
    const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'sluice-worker')!;
    const Hpa = modelFor(hpa.apiVersion, hpa.kind)!;
    new Hpa(hpa as object).validate();
    expect(hpa.spec.metrics[0]).toMatchObject({ type: 'Resource', resource: { name: 'cpu' } });
    const external = (hpa.spec.metrics as { type: string; external?: { metric: { name: string; selector: { matchLabels: Record<string, string> } } } }[]).filter((m) => m.type === 'External');
    expect(external.map((m) => m.external!.metric.name)).toEqual(['sluice_worker_queue_jobs', 'sluice_worker_queue_lag_seconds']);
    for (const m of external) expect(m.external!.metric.selector.matchLabels.queue).toBe('usage-events');
    // The gateway HPA is untouched.
    const gateway = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'sluice-gateway')!;
    expect(gateway.spec.metrics).toHaveLength(1);

    // The worker exports these gauges with these labels, and the adapter rules serve them (as max over replicas).
    const workerMetrics = readFileSync(join(root, 'apps', 'worker', 'src', 'metrics', 'worker-metrics.ts'), 'utf8');
    const values = parseAllDocuments(readFileSync(join(componentDir, 'prometheus-adapter-values.yaml'), 'utf8'))[0].toJSON() as {
      rules: { external: { seriesQuery: string; name: { as: string }; metricsQuery: string }[] };
    };
    for (const m of external) {
      const name = m.external!.metric.name;
      expect(workerMetrics).toContain(`name: '${name}'`);
      for (const label of Object.keys(m.external!.metric.selector.matchLabels)) expect(workerMetrics).toMatch(new RegExp(`labelNames: \\[[^\\]]*'${label}'`));
      const rule = values.rules.external.find((r) => r.name.as === name);
      expect(rule).toBeDefined();
      expect(rule!.seriesQuery).toContain(name);
      expect(rule!.metricsQuery).toMatch(/^max\(/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeK8s.each(overlays)('overlay %s: Redis topologies', (overlay) => {
  it('gives the gateway, admin API and worker every Redis topology variable as an optional key of the Secret', () => {
    const objs = render(join(k8sDir, 'overlays', overlay));
    const redisVars = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_CLUSTER_NODES', 'REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'];
    for (const name of ['sluice-gateway', 'sluice-admin-api', 'sluice-worker']) {
      const d = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
      const c = (d.spec.template.spec.containers as Container[])[0];
      for (const v of redisVars) {
        const ref = c.env?.find((e) => e.name === v)?.valueFrom?.secretKeyRef;
        expect({ v, ref }).toEqual({ v, ref: { name: expect.stringMatching(/^sluice-secrets/), key: v, optional: true } });
      }
    }
  });
});
