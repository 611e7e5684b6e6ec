/** Every config key with its default and meaning, rendered from the JSON Schema (for `sleet collector --help`). */
import { COLLECTOR_CONFIG_SCHEMA, COLLECTOR_ENV_OVERRIDES } from './schema';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

/** [key path, default, description] for every leaf key, in schema order. */
export function configKeys(): Array<[string, unknown, string]> {
  const out: Array<[string, unknown, string]> = [];
  const walk = (node: SchemaNode, prefix: string): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (child.properties !== undefined) walk(child, path);
      else out.push([path, child.default, child.description ?? '']);
    }
  };
  walk(COLLECTOR_CONFIG_SCHEMA as SchemaNode, '');
  return out;
}

export function describeConfig(): string {
  const lines: string[] = [];
  for (const [path, def, description] of configKeys()) {
    lines.push(`  ${path} (default ${JSON.stringify(def)})`, `      ${description}`);
  }
  lines.push('', 'environment overrides:');
  for (const o of COLLECTOR_ENV_OVERRIDES) lines.push(`  ${o.env.padEnd(34)} → ${o.path.join('.')}`);
  return lines.join('\n');
}
