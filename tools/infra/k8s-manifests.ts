/**
 * Rendering infra/k8s overlays with `kubectl kustomize`, and what the manifest specs check them with:
 * the Kubernetes schemas (kubernetes-models), the apps' env schemas, and small accessors.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as k8s from 'kubernetes-models';
import { adminApiEnvSchema, gatewayEnvSchema, portalEnvSchema, workerEnvSchema } from '@sluice/contracts';
import { kekEnvShape, migrateEnvSchema } from '@sluice/db';
import { metricsEnvSchema, tracingEnvSchema } from '@sluice/observability';

export const root = join(__dirname, '..', '..');
export const k8sDir = join(root, 'infra', 'k8s');
export const overlays = readdirSync(join(k8sDir, 'overlays')).filter((d) => !d.startsWith('.')).sort();

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string> }; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Container = { name: string; image: string; command?: string[]; args?: string[]; env?: { name: string; value?: string; valueFrom?: any }[]; ports?: { name?: string; containerPort: number }[]; readinessProbe?: any; livenessProbe?: any; startupProbe?: any; lifecycle?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export const keysOf = (shape: object) => new Set(Object.keys(shape));
/** Env var names each container may set: its app's zod schema (the source of truth). */
/** METRICS_TOKEN and the OTEL_* tracing variables, read by libs/observability in the three server apps. */
export const observabilityEnv = [...Object.keys(metricsEnvSchema.shape), ...Object.keys(tracingEnvSchema.shape)];
export const allowedEnv: Record<string, Set<string>> = {
  gateway: new Set([...keysOf(gatewayEnvSchema.shape), ...Object.keys(kekEnvShape), ...observabilityEnv]),
  'admin-api': new Set([...keysOf(adminApiEnvSchema.shape), ...observabilityEnv]),
  worker: new Set([...keysOf(workerEnvSchema.shape), ...Object.keys(kekEnvShape), ...observabilityEnv]),
  portal: keysOf(portalEnvSchema.shape),
  migrate: keysOf(migrateEnvSchema.shape),
};
/** Port and image per container (the image the Dockerfile docker/<app>.Dockerfile builds). */
export const appOf: Record<string, { port: number; image: string }> = {
  gateway: { port: 4000, image: 'sluice/gateway' },
  'admin-api': { port: 4100, image: 'sluice/admin-api' },
  worker: { port: 4200, image: 'sluice/worker' },
  portal: { port: 3000, image: 'sluice/portal' },
  migrate: { port: 0, image: 'sluice/admin-api' },
};

/** kind → validating class from kubernetes-models, keyed by apiVersion/kind. */
export function modelFor(apiVersion: string, kind: string): (new (o: object) => { validate(): void }) | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupKey = group === '' ? 'v1' : group.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase()).replace(/\.k8s\.io$/, 'K8sIo').replace(/K8s\.io$/, 'K8sIo');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const mod: any = (k8s as any)[groupKey];
  if (!mod) return undefined;
  return group === '' ? mod[kind] : mod[version]?.[kind];
}

export const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
export const hasKubectl = kubectl.status === 0;

export function render(dir: string): Obj[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return parseAllDocuments(out).map((d) => {
    if (d.errors.length) throw d.errors[0];
    return d.toJSON() as Obj;
  });
}

export function containersOf(o: Obj): Container[] {
  if (o.kind === 'Deployment' || o.kind === 'Job') return o.spec.template.spec.containers;
  return [];
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> = {}) {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function envValue(c: Container, name: string, objs: Obj[]): string | undefined {
  const e = c.env?.find((x) => x.name === name);
  if (!e) return undefined;
  if (e.value !== undefined) return e.value;
  const ref = e.valueFrom?.configMapKeyRef;
  if (ref) return objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name)?.data?.[ref.key];
  return undefined;
}

/**
 * kubernetes-models' validators accept unknown fields (the API server would drop or refuse them), so a
 * typo such as `readinesProbe` would pass. This walks each object along the package's TypeScript
 * declarations of the same kinds and reports every field they do not declare.
 */
export const declarations = new Map<string, { checker: ts.TypeChecker; typeOf: (i: number) => ts.Type }>();
export function loadDeclarations(file: string, text: string) {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, text, lang) : getSourceFile.call(host, name, lang, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? text : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (diagnostics.length) throw new Error(`cannot load the kubernetes-models declarations: ${diagnostics.join('; ')}`);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const typeOf = (i: number) => checker.getDeclaredTypeOfSymbol(exported.find((s) => s.name === `T${i}`)!);

  return { checker, typeOf };
}

export function unknownFields(objs: Obj[]): string[] {
  const kinds = [...new Map(objs.map((o) => [`${o.apiVersion}/${o.kind}`, o])).values()];
  const modulePath = (o: Obj) => {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
    return group === '' ? `kubernetes-models/${version}/${o.kind}` : `kubernetes-models/${group}/${version}/${o.kind}`;
  };
  const file = join(__dirname, '__k8s_kinds__.ts');
  const text = kinds.map((o, i) => `import { I${o.kind} as K${i} } from '${modulePath(o)}';\nexport type T${i} = K${i};`).join('\n');
  const cached = declarations.get(text);
  const { checker, typeOf } = cached ?? loadDeclarations(file, text);
  if (!cached) declarations.set(text, { checker, typeOf });

  const errors: string[] = [];
  const walk = (value: unknown, type: ts.Type, path: string) => {
    if (value === null || typeof value !== 'object') return;
    const t = checker.getNonNullableType(type);
    if (Array.isArray(value)) {
      const element = t.getNumberIndexType();
      if (element) value.forEach((v, i) => walk(v, element, `${path}[${i}]`));
      return;
    }
    const index = t.getStringIndexType();
    const props = checker.getPropertiesOfType(t);
    for (const [key, v] of Object.entries(value)) {
      const prop = props.find((p) => p.name === key);
      if (prop) walk(v, checker.getTypeOfSymbol(prop), `${path}.${key}`);
      else if (index) walk(v, index, `${path}.${key}`);
      else if (props.length > 0) errors.push(`${path}.${key}`);
    }
  };
  for (const o of objs) walk(o, typeOf(kinds.findIndex((k) => k.apiVersion === o.apiVersion && k.kind === o.kind)), `${o.kind}/${o.metadata.name}`);
  return errors;
}
