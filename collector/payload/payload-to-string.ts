/**
 * The text libthrift's generated `CollectorPayload.toString()` produces, used as the (truncated) payload of
 * collector size_violation bad rows (spec/collector.md §5.1): IDL declaration order, `name:value` pairs joined by
 * `, `, default-requiredness fields always present (`null` when unset), optional fields only when set, lists as
 * `[a, b]`.
 */
import type { CollectorPayload } from '../../common/thrift';

type Field = [keyof CollectorPayload, 'default' | 'optional'];

const DECLARATION_ORDER: readonly Field[] = [
  ['schema', 'default'],
  ['ipAddress', 'default'],
  ['timestamp', 'default'],
  ['encoding', 'default'],
  ['collector', 'default'],
  ['userAgent', 'optional'],
  ['refererUri', 'optional'],
  ['path', 'optional'],
  ['querystring', 'optional'],
  ['body', 'optional'],
  ['headers', 'optional'],
  ['contentType', 'optional'],
  ['hostname', 'optional'],
  ['networkUserId', 'optional'],
];

export function collectorPayloadToString(p: CollectorPayload): string {
  const parts: string[] = [];
  for (const [name, requiredness] of DECLARATION_ORDER) {
    const v = p[name];
    if (v === undefined && requiredness === 'optional') continue;
    const text = v === undefined ? 'null' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
    parts.push(`${name}:${text}`);
  }
  return `CollectorPayload(${parts.join(', ')})`;
}
