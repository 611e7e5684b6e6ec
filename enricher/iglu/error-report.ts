/**
 * ajv errors → Iglu `dataReports` in the style of networknt json-schema-validator, which Snowplow's client uses
 * (spec/enrich.md §3.4):
 *
 *   {"message":"$.country: integer found, string expected","path":"$.country","keyword":"type","targets":["integer","string"]}
 *   {"message":"$.beers: is missing but it is required","path":"$","keyword":"required","targets":["beers"]}
 *
 * Paths are JSONPath (`$`, `$.a.b`, `$.a[1]`); for `required` and `additionalProperties` the path is the parent
 * object and the message names the child. Structure, paths, keywords and targets follow networknt; message texts are
 * close to networknt's but not guaranteed byte-identical (ajv reports a few things differently).
 */
import type { ErrorObject } from 'ajv-draft-04';

export interface DataReport {
  readonly message: string;
  readonly path: string;
  readonly keyword: string;
  readonly targets: string[];
}

/** Converts an ajv JSON Pointer (`/a/1/b~1c`) into a JSONPath, using the data to tell array indexes from keys. */
export function toJsonPath(instancePath: string, data: unknown): string {
  if (instancePath === '') return '$';
  let path = '$';
  let node: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${seg}]`;
      node = node[Number(seg)];
    } else {
      path += `.${seg}`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/** networknt's JsonType names: integral numbers are `integer`. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer';
  return typeof value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function list(values: readonly unknown[]): string {
  return `[${values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')}]`;
}

type Params = Record<string, unknown>;

function report(path: string, keyword: string, text: string, targets: unknown[]): DataReport {
  return { message: `${path}: ${text}`, path, keyword, targets: targets.map(show) };
}

/** One ajv error as a networknt-style report; null for errors that only wrap others. */
export function toDataReport(e: ErrorObject, data: unknown): DataReport | null {
  const path = toJsonPath(e.instancePath, data);
  const p = e.params as Params;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      return { message: `${path}.${missing}: is missing but it is required`, path, keyword: 'required', targets: [missing] };
    }
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      return {
        message: `${path}.${extra}: is not defined in the schema and the schema does not allow additional properties`,
        path,
        keyword: 'additionalProperties',
        targets: [extra],
      };
    }
    case 'type': {
      const expected = Array.isArray(p.type) ? list(p.type) : String(p.type);
      const found = jsonTypeOf(e.data);
      return report(path, 'type', `${found} found, ${expected} expected`, [found, expected]);
    }
    case 'enum':
      return report(path, 'enum', `does not have a value in the enumeration ${list((p.allowedValues as unknown[]) ?? [])}`, [
        list((p.allowedValues as unknown[]) ?? []),
      ]);
    case 'format':
      return report(path, 'format', `does not match the ${show(p.format)} pattern`, [p.format]);
    case 'pattern':
      return report(path, 'pattern', `does not match the regex pattern ${show(p.pattern)}`, [p.pattern]);
    case 'minLength':
      return report(path, 'minLength', `must be at least ${show(p.limit)} characters long`, [p.limit]);
    case 'maxLength':
      return report(path, 'maxLength', `may only be ${show(p.limit)} characters long`, [p.limit]);
    case 'minimum':
    case 'maximum': {
      const exclusive = p.comparison === '>' || p.comparison === '<';
      const which = e.keyword === 'minimum' ? 'minimum' : 'maximum';
      const text = exclusive ? `must have an exclusive ${which} value of ${show(p.limit)}` : `must have a ${which} value of ${show(p.limit)}`;
      return report(path, e.keyword, text, [p.limit]);
    }
    case 'minItems':
      return report(path, 'minItems', `there must be a minimum of ${show(p.limit)} items in the array`, [p.limit]);
    case 'maxItems':
    case 'additionalItems':
      return report(path, e.keyword, `there must be a maximum of ${show(p.limit)} items in the array`, [p.limit]);
    case 'uniqueItems':
      return report(path, 'uniqueItems', 'the items in the array must be unique', []);
    case 'minProperties':
      return report(path, 'minProperties', `should have a minimum of ${show(p.limit)} properties`, [p.limit]);
    case 'maxProperties':
      return report(path, 'maxProperties', `may only have a maximum of ${show(p.limit)} properties`, [p.limit]);
    case 'multipleOf':
      return report(path, 'multipleOf', `must be multiple of ${show(p.multipleOf)}`, [p.multipleOf]);
    case 'dependencies': {
      const deps = String(p.deps ?? p.missingProperty ?? '');
      return report(path, 'dependencies', `has an error with dependencies [${deps}]`, [p.property, deps]);
    }
    case 'oneOf': {
      const passing = Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0;
      return report(path, 'oneOf', `should be valid to one and only one schema, but ${passing} are valid`, [String(passing)]);
    }
    case 'anyOf':
      return report(path, 'anyOf', 'should be valid to any of the schemas', []);
    case 'not':
      return report(path, 'not', `should not be valid to the schema ${JSON.stringify(e.schema)}`, [JSON.stringify(e.schema)]);
    case 'allOf':
    case 'if':
      return null;
    default:
      return report(path, e.keyword, e.message ?? 'is invalid', Object.values(p));
  }
}

/** All reports for one failed validation, at most `max` of them (huge invalid arrays must not make huge bad rows). */
export function toDataReports(errors: readonly ErrorObject[] | null | undefined, data: unknown, max: number): DataReport[] {
  const out: DataReport[] = [];
  for (const e of errors ?? []) {
    if (out.length >= max) break;
    const r = toDataReport(e, data);
    if (r !== null) out.push(r);
  }
  return out;
}
