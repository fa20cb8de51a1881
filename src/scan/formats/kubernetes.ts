import type { SourceFile } from '../types.js';
import { at, isPlain, yamlDocuments, type Plain } from './yaml.js';

/** A Kubernetes (or Argo, Flagger, Velero…) object found in a YAML file. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  body: Plain;
  file: string;
  /** The line of `kind:`, where evidence about the whole object points. */
  line: number;
  lineOf(path: readonly (string | number)[]): number;
  /** From a Helm template: values decide what is rendered, so it is partial evidence. */
  templated: boolean;
}

export interface KubeContainer {
  name: string;
  spec: Plain;
  path: (string | number)[];
}

const found = new WeakMap<SourceFile, KubeObject[]>();

/** Objects with apiVersion and kind; Helm's `{{ }}` actions are blanked so templates still parse. */
export function kubernetesObjects(file: SourceFile): KubeObject[] {
  let objects = found.get(file);
  if (objects) return objects;
  objects = [];
  if (/^kind:\s*\S/m.test(file.text) && /^apiVersion:\s*\S/m.test(file.text)) {
    const templated = file.text.includes('{{');
    const source = templated ? { path: file.path, text: blankTemplateActions(file.text) } : file;
    for (const document of yamlDocuments(source)) {
      const body = document.value;
      if (!isPlain(body) || typeof body.kind !== 'string' || typeof body.apiVersion !== 'string') continue;
      objects.push({
        apiVersion: body.apiVersion,
        kind: body.kind,
        name: String(at(body, 'metadata', 'name') ?? body.kind),
        namespace: String(at(body, 'metadata', 'namespace') ?? 'default'),
        body,
        file: file.path,
        line: document.lineOf(['kind']),
        lineOf: document.lineOf,
        templated,
      });
    }
  }
  found.set(file, objects);
  return objects;
}

/** Whole-line actions (`{{- if … }}`) vanish; inline ones become a placeholder; lines keep their numbers. */
function blankTemplateActions(text: string): string {
  return text
    .replace(/^[ \t]*\{\{[^\n]*?\}\}[ \t]*$/gm, '')
    .replace(/\{\{[^\n]*?\}\}/g, 'templated');
}

const POD_TEMPLATE: Record<string, (string | number)[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout'];

/** Where the pod spec of a workload sits, if it is one. */
export function podSpecPath(object: KubeObject): (string | number)[] | undefined {
  return POD_TEMPLATE[object.kind];
}

export function containersOf(object: KubeObject): KubeContainer[] {
  const path = podSpecPath(object);
  if (!path) return [];
  const list = at(object.body, ...path, 'containers');
  if (!Array.isArray(list)) return [];
  return list.flatMap((spec, i) => isPlain(spec) ? [{ name: String(spec.name ?? `#${i + 1}`), spec, path: [...path, 'containers', i] }] : []);
}

/** The labels of a workload's pods. */
export function podLabels(object: KubeObject): Plain {
  const path = podSpecPath(object);
  const labels = path ? at(object.body, ...path.slice(0, -1), 'metadata', 'labels') : undefined;
  return isPlain(labels) ? labels : {};
}

/** Every command line a workload's containers run: `command`, `args`, joined. */
export function containerCommands(object: KubeObject): { line: number; text: string }[] {
  return containersOf(object).flatMap((c) => {
    const parts = ['command', 'args'].flatMap((key) => {
      const value = c.spec[key];
      return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
    });
    return parts.length > 0 ? [{ line: object.lineOf([...c.path, 'command']), text: parts.join(' ').slice(0, 4000) }] : [];
  });
}
