// The Kubernetes manifests (deploy/) as the cluster would get them: rendered by `kubectl kustomize`
// when kubectl is installed, else by the small part of kustomize the base uses (resources, a
// ConfigMap generator, images), read with the `yaml` package. And the environment a container
// of a rendered Deployment would start with, so tests can hand it to the bot's own readers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML, asserted on by shape
export type Manifest = Record<string, any>;

export const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p)) ?? null;

export function kubectlKustomize(dir: string): Manifest[] {
  if (!KUBECTL) throw new Error('kubectl is not installed');
  const out = execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as Manifest);
}

/** The base without kubectl: resources as written, generated ConfigMaps without hash suffixes. */
export function renderBase(dir: string): Manifest[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Manifest;
  const docs: Manifest[] = (k.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Manifest),
  );
  for (const gen of (k.configMapGenerator ?? []) as Manifest[]) {
    const data: Record<string, string> = {};
    for (const file of (gen.files ?? []) as string[]) {
      const [key, path] = file.includes('=') ? file.split('=') : [file, file];
      data[key as string] = readFileSync(join(dir, path as string), 'utf8');
    }
    for (const literal of (gen.literals ?? []) as string[]) {
      const at = literal.indexOf('=');
      data[literal.slice(0, at)] = literal.slice(at + 1);
    }
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data });
  }
  return docs;
}

export const ofKind = (docs: Manifest[], kind: string) => docs.filter((d) => d.kind === kind);

export function named(docs: Manifest[], kind: string, name: string): Manifest {
  const doc = ofKind(docs, kind).find((d) => d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return doc;
}

/** A generated ConfigMap keeps its name as a prefix when kustomize appends the hash. */
export function configMap(docs: Manifest[], name: string): Manifest {
  const doc = ofKind(docs, 'ConfigMap').find(
    (d) => d.metadata.name === name || new RegExp(`^${name}-[a-z0-9]{10}$`).test(d.metadata.name),
  );
  if (!doc) throw new Error(`no ConfigMap ${name} in the rendered manifests`);
  return doc;
}

/** Where each secret-borne variable comes from: `{secret}/{key}`. */
export function secretRefs(
  container: Manifest,
): Map<string, { secret: string; key: string; optional: boolean }> {
  const refs = new Map<string, { secret: string; key: string; optional: boolean }>();
  for (const e of (container.env ?? []) as Manifest[]) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) refs.set(e.name, { secret: ref.name, key: ref.key, optional: ref.optional === true });
  }
  return refs;
}

/**
 * The container's environment: ConfigMaps it loads whole (envFrom), then its own `env` (which
 * wins, as in Kubernetes). A secretKeyRef takes `secrets[key]`; a key the Secret lacks is left
 * out when the reference is optional, and is an error when it is not (the pod would not start).
 */
export function containerEnv(
  docs: Manifest[],
  container: Manifest,
  secrets: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const from of (container.envFrom ?? []) as Manifest[]) {
    if (from.configMapRef) Object.assign(env, configMap(docs, from.configMapRef.name).data);
    if (from.secretRef) throw new Error('envFrom secretRef: name each secret variable instead');
  }
  for (const e of (container.env ?? []) as Manifest[]) {
    const ref = e.valueFrom?.secretKeyRef;
    if (!ref) {
      env[e.name] = e.value;
      continue;
    }
    const value = secrets[ref.key];
    if (value !== undefined) env[e.name] = value;
    else if (ref.optional !== true) throw new Error(`${e.name}: Secret key ${ref.key} is required`);
  }
  return env;
}
