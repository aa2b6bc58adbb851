/**
 * Renders a Kustomize directory with `kubectl kustomize` (kubectl bundles kustomize) and parses
 * the output. A missing kubectl is an error naming what to install, never a silent skip.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './kube-objects.ts';

/** `$KUBECTL` if set, else `kubectl` from PATH. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export function renderKustomize(dir: string, kubectl: string = KUBECTL): KubeObject[] {
  let text: string;
  try {
    text = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        `"${kubectl}" was not found: the packaging tests render deploy/ with "kubectl kustomize". ` +
          'Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path.',
        { cause: error },
      );
    }
    throw new Error(`"${kubectl} kustomize ${dir}" failed: ${e.stderr ?? e.message}`, { cause: error });
  }
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${doc.errors[0]?.message ?? ''}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}
